// What every family of routes renders through: the memo, the value store, the worker threads, and the table a render
// joins once its bytes are stored.
import type { ArticleSummary, AuthorCount, TopicCount } from "../shared/article.js";
import { pathOf, type Route } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import type { ScopeEntry, WeekEnd } from "../shared/stored-version.js";
import type { ArticleInfo } from "./articles.js";
import type { UnitMemo } from "./cache.js";
import type { Workers } from "./pool.js";
import type { Progress } from "./progress.js";
import { type RenderTask, runTask } from "./render-tasks.js";
import type { Ref, ValueStore } from "./value-store.js";

/** A scope's entry before it has a Last-Modified (kv-layout.ts gives it one). */
export type ScopeDraft = Omit<ScopeEntry, "modified">;

/** A rendered route before it has a Last-Modified: its bytes, or bytes that change at an instant (epoch ms). */
export type Rendered = Ref | { before: Ref; switchAt: number; after: Ref };

/** A route and its document. */
export interface RenderedRoute {
  route: Route;
  rendered: Rendered;
}

export interface SiteRender {
  routes: Map<string, RenderedRoute>;
  /** Scope entries by shard group key: "" for the site, topic and author slugs. */
  scopes: { site: ScopeDraft; topics: Map<string, ScopeDraft>; authors: Map<string, ScopeDraft> };
  /** Every week with articles and when it ends, newest first. */
  weeks: WeekEnd[];
  topics: TopicCount[];
  authors: AuthorCount[];
}

export interface RenderOptions {
  site: SiteConfig;
  /** Newest first. */
  articles: ArticleInfo[];
  /** The build's clock (epoch ms). */
  now: number;
  store: ValueStore;
  memo: UnitMemo;
  progress?: Progress;
  workers: Workers;
}

/** Documents rendered and waiting to be compressed and stored, at most. */
const IN_FLIGHT = 64;

/** Renders done in this thread before the build starts its worker threads for the rest. */
const LOCAL_RENDERS = 300;

export class SiteRenderer {
  readonly site: SiteConfig;
  readonly summaries: ArticleSummary[];
  private readonly routes: SiteRender["routes"] = new Map();
  /** The paths added, stored or not: two renders for one path is a bug in the build. */
  private readonly claimed = new Set<string>();
  /** Every render added, settled once its bytes are stored. */
  private readonly pending: Promise<unknown>[] = [];
  /** Renders added and not yet stored: rendering runs at most IN_FLIGHT ahead of compressing and storing. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly siteKey: string;
  /**
   * In memo keys an article stands as the hash of its summary: keying a render by its full inputs cost most of a
   * rebuild's time, spent serialising summaries that had not changed.
   */
  private readonly summaryHashes: WeakMap<object, string>;
  private localRenders = 0;

  constructor(readonly options: RenderOptions) {
    this.site = options.site;
    this.summaries = options.articles.map((a) => a.summary);
    this.siteKey = JSON.stringify(options.site);
    this.summaryHashes = new WeakMap(options.articles.map((a) => [a.summary, a.summaryHash]));
  }

  /** A document compressed and stored. */
  put(document: string): Ref {
    return this.options.store.putCompressed(document);
  }

  /** What `make` stores for `inputs`, or what it stored for the same inputs (and site) in an earlier build. */
  memoized(inputs: unknown, make: () => Ref | Promise<Ref>): Promise<Ref> {
    const key = JSON.stringify([this.siteKey, inputs], (_, v: unknown) =>
      typeof v === "object" && v !== null ? (this.summaryHashes.get(v) ?? v) : v,
    );
    return this.options.memo.get(key, make);
  }

  /** A task's document, rendered here or, once there are many, on the worker threads; stored, never memoized. */
  renderUnmemoized(task: RenderTask): Ref | Promise<Ref> {
    const { workers } = this.options;
    return this.localRenders++ < LOCAL_RENDERS && !workers.running()
      ? this.put(runTask(this.site, task))
      : workers.get().render(task);
  }

  /** A task's document: from the memo, or rendered now. */
  render(task: RenderTask): Promise<Ref> {
    return this.memoized(task, () => this.renderUnmemoized(task));
  }

  /** Adds a route with its document (or the promise of it); waits while IN_FLIGHT documents are being stored. */
  async add(route: Route, rendered: Rendered | Promise<Rendered>): Promise<void> {
    const path = pathOf(route);
    if (this.claimed.has(path)) throw new Error(`two renders for ${path}`);
    this.claimed.add(path);
    const settled = Promise.resolve(rendered).then((r) => {
      this.routes.set(path, { route, rendered: r });
      this.options.progress?.tick();
    });
    this.pending.push(settled);
    this.inFlight.add(settled);
    settled.finally(() => this.inFlight.delete(settled)).catch(() => {});
    if (this.inFlight.size >= IN_FLIGHT) await Promise.race(this.inFlight);
  }
  /** Every route added, in the order added (not the order stored, which varies), once their documents are stored. */
  async done(): Promise<SiteRender["routes"]> {
    await Promise.all(this.pending);
    const inOrder: SiteRender["routes"] = new Map();
    for (const path of this.claimed) inOrder.set(path, this.routes.get(path) as RenderedRoute);
    return inOrder;
  }
}
