// Renders every route of a version from the articles' summaries and stored entries: pages, feeds and their archives,
// the digest, OPML. Each render whose inputs the last build saw is taken from the memo instead (cache.ts).

import { authorSlugs } from "../content/derive.js";
import { type ArchivePage, planArchive } from "../render/archive-plan.js";
import { renderDigestArchive } from "../render/digest/archive.js";
import { digestEntry } from "../render/digest/digest-feed.js";
import { adjacentWeeks, type DigestPlan, latestWeek, planDigest } from "../render/digest/week-plan.js";
import { archiveFormatsOf, MAX_LIMIT, type NamedScope, prerenderedFormatsOf } from "../render/feed-documents.js";
import { AUTHOR_PAGE_ARTICLES, renderAuthorsPage } from "../render/html/authors.js";
import { renderFeedsPage } from "../render/html/feeds.js";
import { HOME_ARTICLES, renderHomePage } from "../render/html/home.js";
import { renderIcon } from "../render/html/icon.js";
import { TOPIC_PAGE_ARTICLES } from "../render/html/topic.js";
import { renderTopicsPage } from "../render/html/topics.js";
import { renderSiteOpml } from "../render/opml.js";
import { renderRobots, renderSitemap, renderSitemapIndex, type SitemapUrl, sitemapFiles } from "../render/sitemap.js";
import type { ArticleSummary, AuthorCount, TopicCount } from "../shared/article.js";
import { addTo } from "../shared/group.js";
import { weekOfInstant } from "../shared/isoweek.js";
import {
  authorScope,
  FEED_FORMATS,
  type FeedFormat,
  pathOf,
  paths,
  type Route,
  type Scope,
  SITE,
  topicScope,
} from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import type { ScopeEntry, WeekEnd } from "../shared/stored-version.js";
import { latestInstant, localDate } from "../shared/time.js";
import type { ArticleInfo } from "./articles.js";
import type { UnitMemo } from "./cache.js";
import type { Workers } from "./pool.js";
import type { Progress } from "./progress.js";
import { type RenderTask, runTask } from "./render-tasks.js";
import type { Ref, ValueStore } from "./value-store.js";

/** A scope's entry before it has a Last-Modified (kv-layout.ts gives it one). */
export type ScopeDraft = Omit<ScopeEntry, "modified">;

/** Entries kept per scope for feeds rendered on the spot: as many as the largest ?limit. */
const RECENT = MAX_LIMIT;

/** Documents rendered and waiting to be compressed and stored, at most. */
const IN_FLIGHT = 64;

/** A rendered route before it has a Last-Modified: its bytes, or bytes that change at an instant (epoch ms). */
export type Rendered = Ref | { before: Ref; switchAt: number; after: Ref };

export interface SiteRender {
  routes: Map<string, { route: Route; rendered: Rendered }>;
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
  /** The code version, part of every memo key. */
  code: string;
  progress?: Progress;
  workers: Workers;
}

/** Renders done in this thread before the build starts its worker threads for the rest. */
const LOCAL_RENDERS = 300;

function topicCounts(articles: readonly ArticleSummary[]): TopicCount[] {
  const counts = new Map<string, TopicCount>();
  for (const a of articles)
    for (const t of a.topics) {
      const c = counts.get(t.slug) ?? { ...t, count: 0 };
      c.count += 1;
      counts.set(t.slug, c);
    }
  return [...counts.values()].sort((x, y) => y.count - x.count || (x.slug < y.slug ? -1 : 1));
}

/** The articles of every scope, newest first. */
function scopesOf(articles: readonly ArticleInfo[]) {
  const topics = new Map<string, ArticleInfo[]>();
  const authors = new Map<string, { name: string; articles: ArticleInfo[] }>();
  for (const a of articles) {
    for (const t of a.summary.topics) addTo(topics, t.slug, a);
    for (const { slug, name } of authorSlugs(a.summary)) {
      const entry = authors.get(slug);
      if (entry) entry.articles.push(a);
      else authors.set(slug, { name, articles: [a] });
    }
  }
  return { topics, authors };
}

export async function renderSite(options: RenderOptions): Promise<SiteRender> {
  const { site, articles, now, store, memo, progress } = options;
  const summaries = articles.map((a) => a.summary);
  const routes: SiteRender["routes"] = new Map();
  const put = (value: string) => store.putCompressed(value);
  const siteKey = JSON.stringify(site);
  /** A render kept in the memo under its inputs (with the code and the site). */
  const memoized = (inputs: unknown, render: () => string) =>
    memo.get(options.code, [siteKey, inputs], render, put, (h) => store.has(h));
  let local = 0;
  /** Renders a task here or, once there are many, on the worker threads. */
  const renderTask = (t: RenderTask): Ref | Promise<Ref> =>
    local++ < LOCAL_RENDERS && !options.workers.running() ? put(runTask(site, t)) : options.workers.get().render(t);
  // In memo keys an article stands as the hash of its summary: keying a task by its full inputs cost most of a
  // rebuild's time, spent serialising summaries that had not changed.
  const summaryHashes = new WeakMap<object, string>(articles.map((a) => [a.summary, a.summaryHash]));
  const keyOf = (t: unknown) =>
    JSON.stringify([siteKey, t], (_, v: unknown) =>
      typeof v === "object" && v !== null ? (summaryHashes.get(v) ?? v) : v,
    );
  /** A task's document: from the memo, or rendered. */
  const task = (t: RenderTask): Promise<Ref> =>
    memo.get(
      options.code,
      keyOf(t),
      () => "",
      put,
      (h) => store.has(h),
      () => renderTask(t),
    );
  // Renders run ahead of their compression and storing (on libuv's thread pool), at most IN_FLIGHT at a time.
  const pending: Promise<unknown>[] = [];
  const claimed = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const add = async (route: Route, rendered: Rendered | Promise<Rendered>) => {
    const path = pathOf(route);
    if (claimed.has(path)) throw new Error(`two renders for ${path}`);
    claimed.add(path);
    const settled = Promise.resolve(rendered).then((r) => {
      routes.set(path, { route, rendered: r });
      progress?.tick();
    });
    pending.push(settled);
    inFlight.add(settled);
    settled.finally(() => inFlight.delete(settled)).catch(() => {});
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  const topics = topicCounts(summaries);
  const { topics: byTopic, authors: byAuthor } = scopesOf(articles);
  const authors: AuthorCount[] = [...byAuthor]
    .map(([slug, { name, articles: list }]) => ({ slug, name, count: list.length }))
    .sort((x, y) => y.count - x.count || (x.slug < y.slug ? -1 : 1));
  progress?.stage("rendering");

  // Article pages were rendered with their articles.
  for (const a of articles) await add({ kind: "article", slug: a.summary.slug }, a.page);

  // Site pages.
  await add(
    { kind: "home" },
    put(renderHomePage({ site, articles: summaries.slice(0, HOME_ARTICLES), total: summaries.length, topics })),
  );
  await add({ kind: "topics" }, put(renderTopicsPage(site, topics)));
  await add({ kind: "feeds" }, put(renderFeedsPage(site, topics)));
  await add({ kind: "authors" }, put(renderAuthorsPage(site, authors)));
  await add({ kind: "icon" }, put(renderIcon(site)));
  await add(
    { kind: "opml" },
    put(renderSiteOpml(site, topics, authors, summaries[0]?.updated ?? new Date(now).toISOString())),
  );
  for (const t of topics) {
    const newest = (byTopic.get(t.slug) ?? []).slice(0, TOPIC_PAGE_ARTICLES).map((a) => a.summary);
    await add({ kind: "topic", slug: t.slug }, task({ kind: "topic-page", topic: t, articles: newest }));
  }
  for (const a of authors) {
    const newest = (byAuthor.get(a.slug)?.articles ?? []).slice(0, AUTHOR_PAGE_ARTICLES).map((x) => x.summary);
    await add({ kind: "author", slug: a.slug }, task({ kind: "author-page", author: a, articles: newest }));
  }

  // Feeds: every scope's subscription documents, and archive documents for the site and topics.
  const currentWeek = weekOfInstant(now, site.timeZone);
  const currentMonth = localDate(now, site.timeZone).slice(0, 7);
  /**
   * A scope's feeds: subscription documents in `formats`, archive documents in `archiveFormats`. Returns what a feed
   * rendered on the spot for it (?limit, or an author's feed) needs.
   */
  const feeds = async (
    named: NamedScope,
    list: ArticleInfo[],
    formats: readonly FeedFormat[],
    archiveFormats: readonly FeedFormat[],
  ): Promise<ScopeDraft> => {
    const plan =
      archiveFormats.length > 0
        ? named.scope.kind === "site"
          ? planArchive(list, (a) => a.summary.week, site.feedSize, currentWeek)
          : planArchive(list, (a) => a.summary.date.slice(0, 7), site.feedSize, currentMonth)
        : { pages: [], unarchived: list.length };
    const newest = list.slice(0, site.feedSize);
    const newestArchive = plan.pages.at(-1);
    const archive = newestArchive && { period: newestArchive.period, page: newestArchive.page };
    let entries: string[] | undefined;
    for (const format of formats) {
      const linked = archiveFormats.includes(format) ? archive : undefined;
      const inputs = ["feed", named, format, newest.map((a) => a.entry[0]), list.length, linked, plan.unarchived];
      // The entries are read from the store only when the memo does not have this document.
      const ref = memo.get(
        options.code,
        [siteKey, inputs],
        () => "",
        put,
        (h) => store.has(h),
        () => {
          entries ??= newest.map((a) => store.getText(a.entry[0]));
          return renderTask({
            kind: "subscription",
            named,
            format,
            entries,
            total: list.length,
            ...(linked ? { newestArchive: linked } : {}),
            unarchived: plan.unarchived,
          });
        },
      );
      await add({ kind: "feed", scope: named.scope, format }, ref);
    }
    for (let i = 0; i < plan.pages.length; i++) {
      const page = plan.pages[i] as (typeof plan.pages)[number];
      const at = (p: ArchivePage | undefined) => p && { period: p.period, page: p.page };
      const previous = at(plan.pages[i - 1]);
      const next = at(plan.pages[i + 1]);
      const items = page.items.map((a) => a.summary);
      for (const format of archiveFormats) {
        const ref = task({
          kind: "archive",
          named,
          format,
          page: { period: page.period, page: page.page },
          items,
          ...(previous ? { previous } : {}),
          ...(next ? { next } : {}),
        });
        await add({ kind: "archive", scope: named.scope, period: page.period, page: page.page, format }, ref);
      }
    }
    return {
      ...(named.name === undefined ? {} : { name: named.name }),
      total: list.length,
      recent: list.slice(0, RECENT).map((a) => a.entry[0]),
      ...(archive ? { archive: [archive.period, archive.page] as [string, number] } : {}),
      unarchived: plan.unarchived,
    };
  };
  // Subscription documents in prerenderedFormatsOf's formats, archives in archiveFormatsOf's; what the Worker renders
  // on request (an author's feeds, any ?limit) it renders from the scope entries returned here.
  const scopeFeeds = (named: NamedScope, list: ArticleInfo[]) =>
    feeds(named, list, prerenderedFormatsOf(named.scope), archiveFormatsOf(named.scope));
  const siteScope = await scopeFeeds({ scope: SITE }, articles);
  const topicScopes = new Map<string, ScopeDraft>();
  for (const t of topics)
    topicScopes.set(t.slug, await scopeFeeds({ scope: topicScope(t.slug), name: t.label }, byTopic.get(t.slug) ?? []));
  const authorScopes = new Map<string, ScopeDraft>();
  for (const a of authors)
    authorScopes.set(
      a.slug,
      await scopeFeeds({ scope: authorScope(a.slug), name: a.name }, byAuthor.get(a.slug)?.articles ?? []),
    );

  // The digest, before and after the build's week ends.
  const digest = await renderDigest(options, summaries, topics, byTopic, { add, task, renderTask, keyOf });

  // The sitemap: every article, topic, author and digest page, by year, with when its content last changed.
  const newestOf = (list: readonly ArticleSummary[]) => latestInstant(list.map((a) => a.updated)) ?? "";
  const byYear = new Map<number, SitemapUrl[]>();
  const weekNewest = new Map<string, string>();
  for (const a of summaries) {
    addTo(byYear, Number(a.date.slice(0, 4)), { path: paths.article(a.slug), lastmod: a.updated });
    weekNewest.set(a.week, latestInstant([a.updated, weekNewest.get(a.week) ?? a.updated]) as string);
  }
  for (const [week, lastmod] of weekNewest)
    addTo(byYear, Number(week.slice(0, 4)), { path: pathOf({ kind: "digest-week", week, form: "page" }), lastmod });
  const siteNewest = newestOf(summaries);
  const undated: SitemapUrl[] = [
    ...[paths.home(), paths.topics(), paths.authors(), paths.digest(), paths.digestArchive(), paths.feeds()].map(
      (path) => ({ path, lastmod: siteNewest }),
    ),
    ...topics.map((t) => ({
      path: paths.topic(t.slug),
      lastmod: newestOf((byTopic.get(t.slug) ?? []).map((a) => a.summary)),
    })),
    ...authors.map((a) => ({
      path: paths.author(a.slug),
      lastmod: newestOf((byAuthor.get(a.slug)?.articles ?? []).map((x) => x.summary)),
    })),
  ];
  const files = sitemapFiles(byYear, undated, new Date(now).getUTCFullYear());
  for (const f of files)
    await add(
      { kind: "sitemap", year: f.year, part: f.part },
      memoized(["sitemap", f], () => renderSitemap(site, f.urls)),
    );
  await add(
    { kind: "sitemap-index" },
    memoized(["sitemap-index", files], () => renderSitemapIndex(site, files)),
  );
  await add({ kind: "robots" }, put(renderRobots(site)));
  await Promise.all(pending);
  siteScope.digest = digest.feeds.get("");
  for (const [slug, scope] of topicScopes) scope.digest = digest.feeds.get(slug);
  const weeks = digest.weeks;
  return {
    routes,
    scopes: { site: siteScope, topics: topicScopes, authors: authorScopes },
    weeks,
    topics,
    authors,
  };
}

/**
 * Every week's digest (page, email, text), the digest archive, /digest and the digest feeds. Only the build's own week
 * depends on the clock: while it runs it is "in progress" and out of the feeds, and when it ends (with no new build,
 * there is no new article) it is final. Both forms are rendered now, and the Worker picks one by its clock.
 */
async function renderDigest(
  options: RenderOptions,
  summaries: ArticleSummary[],
  topics: TopicCount[],
  byTopic: Map<string, ArticleInfo[]>,
  ctx: {
    add: (route: Route, rendered: Rendered | Promise<Rendered>) => Promise<void>;
    task: (t: RenderTask) => Promise<Ref>;
    renderTask: (t: RenderTask) => Ref | Promise<Ref>;
    keyOf: (inputs: unknown) => string;
  },
): Promise<{ weeks: WeekEnd[]; feeds: Map<string, ScopeDraft["digest"]> }> {
  const { site, now, store, memo } = options;
  const { add, task, renderTask, keyOf } = ctx;
  const put = (value: string) => store.putCompressed(value);
  const before = planDigest(site, summaries, now);
  const ongoing = before.weeks.find((w) => !w.finished);
  // When the build's week has articles, it ends at `switchAt`; the plan after that instant has every week final.
  const switchAt = ongoing?.end;
  const after = switchAt === undefined ? before : planDigest(site, summaries, switchAt);
  /** A render of both plans: one value when they agree, a switch at the week's end when they do not. */
  const both = async (render: (plan: DigestPlan) => Promise<Ref>): Promise<Rendered> => {
    const [a, b] = await Promise.all([render(before), switchAt === undefined ? undefined : render(after)]);
    return !b || switchAt === undefined || a[0] === b[0] ? a : { before: a, switchAt, after: b };
  };

  const pageRefs = new Map<string, Promise<Rendered>>();
  for (const week of after.weeks) {
    for (const form of ["page", "email", "text"] as const) {
      const rendered = both((plan) => {
        const w = plan.weeks.find((x) => x.name === week.name) ?? week;
        // What a week's digest shows: the week, and the neighbouring weeks its page links to.
        const { previous, next } = adjacentWeeks(plan.weeks, week.name);
        const near = [next, w, previous].filter((x) => x !== undefined);
        return task({ kind: "digest-week", form, plan: { ...plan, weeks: near }, week: week.name });
      });
      if (form === "page") pageRefs.set(week.name, rendered);
      await add({ kind: "digest-week", week: week.name, form }, rendered);
    }
  }
  // /digest serves the bytes of the latest finished week's page (or the week in progress while none has finished).
  const latestBefore = latestWeek(before.weeks);
  const latestAfter = latestWeek(after.weeks);
  if (latestBefore && latestAfter) {
    const pick = async (name: string, which: "before" | "after"): Promise<Ref> => {
      const r = (await pageRefs.get(name)) as Rendered;
      return Array.isArray(r) ? r : r[which];
    };
    const a = await pick(latestBefore.name, "before");
    const b = await pick(latestAfter.name, "after");
    await add({ kind: "digest" }, switchAt === undefined || a[0] === b[0] ? a : { before: a, switchAt, after: b });
  }
  await add(
    { kind: "digest-archive" },
    both(async (plan) => put(renderDigestArchive(plan))),
  );
  /**
   * A scope's digest feeds. Their entries are stored one a week (the Worker renders a ?limit from them): the newest
   * feedSize finished weeks once the build's week has ended, and before that the same less the build's week.
   */
  const digestFeeds = async (scope: Scope, topic?: TopicCount): Promise<ScopeDraft["digest"]> => {
    // A topic's own articles, not all of them: planning filters by topic, and 40 topics × 100,000 articles cost a second.
    const own = topic ? (byTopic.get(topic.slug) ?? []).map((a) => a.summary) : summaries;
    const plan = topic ? planDigest(site, own, switchAt ?? now, topic) : after;
    const finished = plan.weeks.filter((w) => w.finished);
    const pending = switchAt !== undefined && finished[0]?.end === switchAt;
    const weeks = finished.slice(0, site.feedSize + (pending ? 1 : 0));
    const entries = await Promise.all(
      weeks.map((w) =>
        memo.get(
          options.code,
          keyOf(["digest-entry", topic ?? null, w]),
          () => JSON.stringify(digestEntry(plan, w)),
          (value) => store.put(value),
          (h) => store.has(h),
        ),
      ),
    );
    const hashes = entries.map(([hash]) => hash);
    const feedOf = (format: FeedFormat, shown: string[]) =>
      memo.get(
        options.code,
        keyOf(["digest-feed", topic ?? null, format, shown]),
        () => "",
        put,
        (h) => store.has(h),
        () =>
          renderTask({
            kind: "digest-feed",
            format,
            ...(topic ? { topic: { slug: topic.slug, label: topic.label } } : {}),
            entries: shown.map((h) => store.getText(h)),
          }),
      );
    for (const format of FEED_FORMATS) {
      const afterRef = feedOf(format, hashes.slice(0, site.feedSize));
      const rendered: Promise<Rendered> = pending
        ? Promise.all([feedOf(format, hashes.slice(1, site.feedSize + 1)), afterRef]).then(([a, b]) => ({
            before: a,
            switchAt: switchAt as number,
            after: b,
          }))
        : afterRef;
      await add({ kind: "digest-feed", scope, format }, rendered);
    }
    return { entries: hashes, ...(pending ? { switchAt: Math.floor((switchAt as number) / 1000) } : {}) };
  };
  const feeds = new Map<string, ScopeDraft["digest"]>();
  feeds.set("", await digestFeeds(SITE));
  for (const t of topics) feeds.set(t.slug, await digestFeeds(topicScope(t.slug), t));
  return { weeks: after.weeks.map((w) => [w.name, Math.floor(w.end / 1000)]), feeds };
}
