// The reader-facing HTML pages the build renders ahead of time: home, topic list, one per topic, one per article.
import type { ArticleRecord, ArticleSummary, TopicCount } from "../shared/article.js";
import { HTML_TYPE, paths } from "../shared/paths.js";
import type { SiteConfig } from "../shared/site.js";
import { renderArticlePage } from "./html/article.js";
import { HOME_ARTICLES, renderHomePage } from "./html/home.js";
import { renderTopicPage } from "./html/topic.js";
import { renderTopicsPage } from "./html/topics.js";
import type { RenderedFile } from "./rendered.js";

export interface SitePagesInput {
  site: SiteConfig;
  /** Newest first. */
  articles: ArticleRecord[];
  /** Every topic an article is filed under, with its count, in the order the pages list them. */
  topics: TopicCount[];
}

/**
 * Last-Modified of a page that shows nothing dated (no articles yet). Fixed, not the time of rendering,
 * so the same content always gives the same bytes and validators.
 */
export const NOTHING_PUBLISHED = "1970-01-01T00:00:00Z";

/** The newest `updated` among `articles`, compared as instants: offsets differ, so strings do not sort. */
export function newestUpdated(articles: readonly ArticleSummary[]): string {
  let newest = NOTHING_PUBLISHED;
  let newestMs = Date.parse(newest);
  for (const a of articles) {
    const ms = Date.parse(a.updated);
    if (Number.isNaN(ms)) throw new Error(`article "${a.slug}": updated "${a.updated}" is not an RFC 3339 date-time`);
    if (ms > newestMs) {
      newest = a.updated;
      newestMs = ms;
    }
  }
  return newest;
}

export function renderSitePages({ site, articles, topics }: SitePagesInput): RenderedFile[] {
  const byTopic = articlesByTopic(articles, topics);
  const page = (path: string, body: string, shown: readonly ArticleSummary[]): RenderedFile => ({
    path,
    contentType: HTML_TYPE,
    body,
    lastModified: newestUpdated(shown),
  });

  return [
    page(paths.home(), renderHomePage({ site, articles, topics }), articles.slice(0, HOME_ARTICLES)),
    // The topic list shows counts over every article, so any article's change can change it.
    page(paths.topics(), renderTopicsPage(site, topics), articles),
    ...topics.map((t) => {
      const listed = byTopic.get(t.slug) ?? [];
      return page(paths.topic(t.slug), renderTopicPage(site, t, listed), listed);
    }),
    ...articles.map((a) => page(paths.article(a.slug), renderArticlePage(site, a), [a])),
  ];
}

/**
 * Each topic's articles, newest first. Refuses input whose parts disagree, which would otherwise publish
 * a link to a topic page that does not exist, or a count the topic page contradicts.
 */
function articlesByTopic(articles: readonly ArticleRecord[], topics: readonly TopicCount[]) {
  const byTopic = new Map<string, ArticleRecord[]>();
  for (const t of topics) {
    if (byTopic.has(t.slug)) throw new Error(`topic "${t.slug}" is listed twice`);
    byTopic.set(t.slug, []);
  }
  const slugs = new Set<string>();
  for (const a of articles) {
    if (slugs.has(a.slug)) throw new Error(`two articles have the slug "${a.slug}"; each needs its own page`);
    slugs.add(a.slug);
    for (const t of a.topics) {
      const list = byTopic.get(t.slug);
      if (!list) throw new Error(`article "${a.slug}": topic "${t.slug}" is not in the topic list`);
      list.push(a);
    }
  }
  for (const t of topics) {
    const n = byTopic.get(t.slug)?.length ?? 0;
    if (n !== t.count) throw new Error(`topic "${t.slug}": count is ${t.count} but ${n} articles are filed under it`);
  }
  return byTopic;
}
