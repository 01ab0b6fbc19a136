// The reader-facing HTML pages the build renders ahead of time: home, topic list, one per topic, one per article.
import type { ArticleRecord, TopicCount } from "../shared/article.js";
import { HTML_TYPE, paths } from "../shared/paths.js";
import type { SiteConfig } from "../shared/site.js";
import { renderArticlePage } from "./html/article.js";
import { renderHomePage } from "./html/home.js";
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

export function renderSitePages({ site, articles, topics }: SitePagesInput): RenderedFile[] {
  const byTopic = articlesByTopic(articles, topics);
  const page = (path: string, body: string): RenderedFile => ({ path, contentType: HTML_TYPE, body });

  return [
    page(paths.home(), renderHomePage({ site, articles, topics })),
    page(paths.topics(), renderTopicsPage(site, topics)),
    ...topics.map((t) => page(paths.topic(t.slug), renderTopicPage(site, t, byTopic.get(t.slug) ?? []))),
    ...articles.map((a) => page(paths.article(a.slug), renderArticlePage(site, a))),
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
