// Renders every route of a version from the articles' summaries and stored entries, one family at a time: pages,
// feeds and their archives (render-feeds.ts), the digest (render-digest.ts), sitemaps. Each render whose inputs the
// last build saw is taken from the memo instead (cache.ts), through the SiteRenderer every family shares.
import { authorSlugs } from "../content/derive.js";
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
import { authorScope, pathOf, paths, SITE, topicScope } from "../shared/routes.js";
import { latestInstant } from "../shared/time.js";
import type { ArticleInfo } from "./articles.js";
import { renderDigest } from "./render-digest.js";
import { renderScopeFeeds } from "./render-feeds.js";
import { type RenderOptions, type ScopeDraft, type SiteRender, SiteRenderer } from "./site-renderer.js";

export type { Rendered, ScopeDraft, SiteRender } from "./site-renderer.js";

/** The articles of each topic and each author, newest first, and the topics and authors by how many they have. */
interface Scopes {
  topics: TopicCount[];
  authors: AuthorCount[];
  byTopic: Map<string, ArticleInfo[]>;
  byAuthor: Map<string, ArticleInfo[]>;
}

const summariesOf = (list: readonly ArticleInfo[] | undefined) => (list ?? []).map((a) => a.summary);

const byCountThenSlug = (x: { count: number; slug: string }, y: { count: number; slug: string }) =>
  y.count - x.count || (x.slug < y.slug ? -1 : 1);

function scopesOf(articles: readonly ArticleInfo[]): Scopes {
  const byTopic = new Map<string, ArticleInfo[]>();
  const byAuthor = new Map<string, ArticleInfo[]>();
  const labels = new Map<string, TopicCount>();
  const names = new Map<string, string>();
  for (const a of articles) {
    for (const t of a.summary.topics) {
      addTo(byTopic, t.slug, a);
      if (!labels.has(t.slug)) labels.set(t.slug, { ...t, count: 0 });
    }
    for (const { slug, name } of authorSlugs(a.summary)) {
      addTo(byAuthor, slug, a);
      if (!names.has(slug)) names.set(slug, name);
    }
  }
  const topics = [...labels.values()]
    .map((t) => ({ ...t, count: byTopic.get(t.slug)?.length ?? 0 }))
    .sort(byCountThenSlug);
  const authors = [...names]
    .map(([slug, name]) => ({ slug, name, count: byAuthor.get(slug)?.length ?? 0 }))
    .sort(byCountThenSlug);
  return { topics, authors, byTopic, byAuthor };
}

export async function renderSite(options: RenderOptions): Promise<SiteRender> {
  const r = new SiteRenderer(options);
  const { articles } = options;
  const scopes = scopesOf(articles);
  options.progress?.stage("rendering");

  await renderPages(r, scopes);
  const siteScope = await renderScopeFeeds(r, { scope: SITE }, articles);
  const topicScopes = new Map<string, ScopeDraft>();
  for (const t of scopes.topics) {
    const named = { scope: topicScope(t.slug), name: t.label };
    topicScopes.set(t.slug, await renderScopeFeeds(r, named, scopes.byTopic.get(t.slug) ?? []));
  }
  const authorScopes = new Map<string, ScopeDraft>();
  for (const a of scopes.authors) {
    const named = { scope: authorScope(a.slug), name: a.name };
    authorScopes.set(a.slug, await renderScopeFeeds(r, named, scopes.byAuthor.get(a.slug) ?? []));
  }
  const digest = await renderDigest(r, scopes.topics, scopes.byTopic);
  await renderSitemaps(r, scopes);

  const routes = await r.done();
  siteScope.digest = digest.feeds.get("");
  for (const [slug, scope] of topicScopes) scope.digest = digest.feeds.get(slug);
  return {
    routes,
    scopes: { site: siteScope, topics: topicScopes, authors: authorScopes },
    weeks: digest.weeks,
    topics: scopes.topics,
    authors: scopes.authors,
  };
}

/** Article pages (rendered with their articles), the site's own pages, and each topic's and author's page. */
async function renderPages(r: SiteRenderer, { topics, authors, byTopic, byAuthor }: Scopes): Promise<void> {
  const { site, summaries } = r;
  for (const a of r.options.articles) await r.add({ kind: "article", slug: a.summary.slug }, a.page);
  const home = { site, articles: summaries.slice(0, HOME_ARTICLES), total: summaries.length, topics };
  await r.add({ kind: "home" }, r.put(renderHomePage(home)));
  await r.add({ kind: "topics" }, r.put(renderTopicsPage(site, topics)));
  await r.add({ kind: "feeds" }, r.put(renderFeedsPage(site, topics)));
  await r.add({ kind: "authors" }, r.put(renderAuthorsPage(site, authors)));
  await r.add({ kind: "icon" }, r.put(renderIcon(site)));
  const updated = summaries[0]?.updated ?? new Date(r.options.now).toISOString();
  await r.add({ kind: "opml" }, r.put(renderSiteOpml(site, topics, authors, updated)));
  const newest = (list: readonly ArticleInfo[] | undefined, count: number) => summariesOf(list).slice(0, count);
  for (const t of topics) {
    const articles = newest(byTopic.get(t.slug), TOPIC_PAGE_ARTICLES);
    await r.add({ kind: "topic", slug: t.slug }, r.render({ kind: "topic-page", topic: t, articles }));
  }
  for (const a of authors) {
    const articles = newest(byAuthor.get(a.slug), AUTHOR_PAGE_ARTICLES);
    await r.add({ kind: "author", slug: a.slug }, r.render({ kind: "author-page", author: a, articles }));
  }
}

/** The sitemaps: every article, topic, author and digest page, by year, with when its content last changed; robots.txt. */
async function renderSitemaps(r: SiteRenderer, { topics, authors, byTopic, byAuthor }: Scopes): Promise<void> {
  const { site, summaries } = r;
  const newestOf = (list: readonly ArticleSummary[]) => latestInstant(list.map((a) => a.updated)) ?? "";
  const newestIn = (list: readonly ArticleInfo[] | undefined) => newestOf(summariesOf(list));
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
    ...topics.map((t) => ({ path: paths.topic(t.slug), lastmod: newestIn(byTopic.get(t.slug)) })),
    ...authors.map((a) => ({ path: paths.author(a.slug), lastmod: newestIn(byAuthor.get(a.slug)) })),
  ];
  const files = sitemapFiles(byYear, undated, new Date(r.options.now).getUTCFullYear());
  for (const f of files)
    await r.add(
      { kind: "sitemap", year: f.year, part: f.part },
      r.memoized(["sitemap", f], () => r.put(renderSitemap(site, f.urls))),
    );
  await r.add(
    { kind: "sitemap-index" },
    r.memoized(["sitemap-index", files], () => r.put(renderSitemapIndex(site, files))),
  );
  await r.add({ kind: "robots" }, r.put(renderRobots(site)));
}
