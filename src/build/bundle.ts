// Lays out the KV bundle: a version's index, and the routes and records it serves, each stored under its hash.
import { createHash } from "node:crypto";
import { ICON_TYPE, renderIcon } from "../render/html/icon.js";
import type { RenderedFile } from "../render/rendered.js";
import { renderSiteFeeds } from "../render/site-feeds.js";
import { renderSitePages } from "../render/site-pages.js";
import type { ArticleRecord, ArticleSummary, TopicCount } from "../shared/article.js";
import { blobKey, indexKey } from "../shared/keys.js";
import { paths } from "../shared/paths.js";
import type { SiteConfig } from "../shared/site.js";
import type { RenderedRoute, SiteIndex, WeekSummary } from "../shared/site-index.js";

/** One entry of the file `wrangler kv bulk put` takes. */
export interface KvEntry {
  key: string;
  value: string;
}

export interface Bundle {
  version: string;
  index: SiteIndex;
  entries: KvEntry[];
}

/** Records kept per scope for renders on the spot: a ?limit is at most 100. */
const RECENT = 100;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function topicCounts(articles: ArticleRecord[]): TopicCount[] {
  const counts = new Map<string, TopicCount>();
  for (const a of articles) {
    for (const t of a.topics) {
      const c = counts.get(t.slug) ?? { ...t, count: 0 };
      c.count += 1;
      counts.set(t.slug, c);
    }
  }
  return [...counts.values()].sort((x, y) => y.count - x.count || (x.slug < y.slug ? -1 : 1));
}

/** The index's weeks: the articles grouped by ISO week, newest week first. */
export function weekSummaries(articles: readonly ArticleSummary[]): WeekSummary[] {
  const weeks = new Map<string, WeekSummary>();
  for (const a of articles) {
    const w = weeks.get(a.week) ?? { week: a.week, count: 0, slugs: [] };
    w.count += 1;
    w.slugs.push(a.slug);
    weeks.set(a.week, w);
  }
  return [...weeks.values()].sort((x, y) => (x.week < y.week ? 1 : -1));
}

/** The index's view of an article: no body and no entities, which every isolate would otherwise hold in memory. */
function summaryOf({ html: _html, entities: _entities, ...summary }: ArticleRecord): ArticleSummary {
  return summary;
}

/**
 * Renders every canonical route and lays out the bundle: one index per version, and every other value once, under
 * the hash of its bytes. The content version is the hash of the index without `publishedAt`, so any change in content,
 * configuration or rendering gives a new version, and the same input the same version; a publish adds only the values
 * that changed.
 */
export function buildBundle(
  site: SiteConfig,
  articles: ArticleRecord[],
  publishedAt: string,
  /** A hash of the code that renders in the Worker too (src/render, src/shared): see renderCodeHash. */
  renderer = "",
): Bundle {
  const topics = topicCounts(articles);
  const files: RenderedFile[] = [
    ...renderSitePages({ site, articles, topics }),
    ...renderSiteFeeds({ site, articles, topics }),
    { path: paths.icon(), contentType: ICON_TYPE, body: renderIcon(site) },
  ];
  const blobs = new Map<string, string>();
  /** Stores a value once under its hash and returns the hash. */
  const blob = (value: string): string => {
    const hash = sha256(value).slice(0, 32);
    blobs.set(hash, value);
    return hash;
  };
  const routes: Record<string, RenderedRoute> = {};
  for (const f of files.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (routes[f.path]) throw new Error(`two renderers produced ${f.path}`);
    const hash = blob(f.body);
    routes[f.path] = {
      contentType: f.contentType,
      blob: hash,
      etag: `"${hash}"`,
      lastModified: publishedAt,
      size: Buffer.byteLength(f.body),
    };
  }
  const records = Object.fromEntries(articles.map((a) => [a.slug, blob(JSON.stringify(a))]));
  const recent: Record<string, string> = { "": blob(JSON.stringify(articles.slice(0, RECENT))) };
  for (const t of topics) {
    recent[t.slug] = blob(
      JSON.stringify(articles.filter((a) => a.topics.some((x) => x.slug === t.slug)).slice(0, RECENT)),
    );
  }
  const content = {
    renderer,
    site,
    articles: articles.map(summaryOf),
    topics,
    weeks: weekSummaries(articles),
    routes,
    records,
    recent,
  };
  const version = sha256(JSON.stringify(content)).slice(0, 16);
  const index: SiteIndex = { version, publishedAt, ...content };
  const entries: KvEntry[] = [
    { key: indexKey(version), value: JSON.stringify(index) },
    ...[...blobs].map(([hash, value]) => ({ key: blobKey(hash), value })),
  ];
  return { version, index, entries };
}
