// Lays out the KV bundle: the index, article records and pre-rendered routes under one content version.
import { createHash } from "node:crypto";
import { ICON_TYPE, renderIcon } from "../render/html/icon.js";
import type { RenderedFile } from "../render/rendered.js";
import { renderSiteFeeds } from "../render/site-feeds.js";
import { renderSitePages } from "../render/site-pages.js";
import type { ArticleRecord, ArticleSummary, TopicCount } from "../shared/article.js";
import { articleKey, indexKey, recentKey, routeKey } from "../shared/keys.js";
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

function weekSummaries(articles: ArticleRecord[]): WeekSummary[] {
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
 * Renders every canonical route and lays out the bundle. The content version is a hash of everything the bundle
 * serves (not of `publishedAt`), so any change in content, configuration or rendering gives new keys, and the same
 * input the same keys.
 */
export function buildBundle(site: SiteConfig, articles: ArticleRecord[], publishedAt: string): Bundle {
  const topics = topicCounts(articles);
  const files: RenderedFile[] = [
    ...renderSitePages({ site, articles, topics }),
    ...renderSiteFeeds({ site, articles, topics }),
    { path: paths.icon(), contentType: ICON_TYPE, body: renderIcon(site) },
  ];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two renderers produced ${f.path}`);
    seen.add(f.path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const routes: Record<string, RenderedRoute> = {};
  for (const f of files) {
    routes[f.path] = {
      contentType: f.contentType,
      etag: `"${sha256(f.body).slice(0, 32)}"`,
      lastModified: publishedAt,
      size: Buffer.byteLength(f.body),
    };
  }
  const summaries = articles.map(summaryOf);
  const weeks = weekSummaries(articles);
  const version = sha256(
    JSON.stringify({ site, articles, routes: Object.entries(routes).map(([p, r]) => [p, r.etag]) }),
  ).slice(0, 16);
  const index: SiteIndex = { version, publishedAt, site, articles: summaries, topics, weeks, routes };
  const entries: KvEntry[] = [
    { key: indexKey(version), value: JSON.stringify(index) },
    { key: recentKey(version), value: JSON.stringify(articles.slice(0, RECENT)) },
    ...topics.map((t) => ({
      key: recentKey(version, t.slug),
      value: JSON.stringify(articles.filter((a) => a.topics.some((x) => x.slug === t.slug)).slice(0, RECENT)),
    })),
    ...articles.map((a) => ({ key: articleKey(version, a.slug), value: JSON.stringify(a) })),
    ...files.map((f) => ({ key: routeKey(version, f.path), value: f.body })),
  ];
  return { version, index, entries };
}
