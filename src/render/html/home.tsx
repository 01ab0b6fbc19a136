/** @jsxImportSource hono/jsx */
// The home page: the latest articles, the topics with their counts, and the ways to subscribe.
import type { ArticleSummary, TopicCount } from "../../shared/article.js";
import { paths, SITE } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { articleCount } from "./format.js";
import { Layout, toDocument } from "./layout.js";
import { ArticleItem, FeedFormatList, feedsOfScope } from "./parts.js";

/** How many of the newest articles the home page lists; older ones are a topic page or a digest away. */
export const HOME_ARTICLES = 20;

export interface HomePageInput {
  site: SiteConfig;
  /** Newest first; the page shows the first HOME_ARTICLES. */
  articles: ArticleSummary[];
  /** Every published article. */
  total: number;
  topics: TopicCount[];
}

export function renderHomePage({ site, articles, total, topics }: HomePageInput): string {
  const latest = articles.slice(0, HOME_ARTICLES);
  const feeds = feedsOfScope(site, "feed", SITE);
  const [digest] = feedsOfScope(site, "digest-feed", SITE);
  return toDocument(
    <Layout site={site} title={site.title} canonical={paths.home()} feeds={digest ? [...feeds, digest] : feeds}>
      <h1>{site.title}</h1>
      <p class="lede">{site.description}</p>

      <section aria-labelledby="latest">
        <h2 id="latest">Latest articles</h2>
        {latest.length === 0 ? (
          <p>No articles have been published yet.</p>
        ) : (
          <ol class="articles">
            {latest.map((a) => (
              <ArticleItem article={a} level={3} />
            ))}
          </ol>
        )}
        {total > latest.length && (
          <p>
            Older articles are in the <a href={paths.digestArchive()}>archive of weekly digests</a> and on the{" "}
            <a href={paths.topics()}>topic pages</a>.
          </p>
        )}
      </section>

      {topics.length > 0 && (
        <section aria-labelledby="topics">
          <h2 id="topics">Topics</h2>
          <ul class="counts">
            {topics.map((t) => (
              <li>
                <a href={paths.topic(t.slug)}>{t.label}</a> <span class="meta">({articleCount(t.count)})</span>
              </li>
            ))}
          </ul>
          <p>
            <a href={paths.topics()}>Every topic with its feeds</a>
          </p>
        </section>
      )}

      <section class="subscribe" aria-labelledby="subscribe">
        <h2 id="subscribe">Subscribe</h2>
        <p>Every article as it is published, in your feed reader:</p>
        <FeedFormatList feeds={feeds} about="of every article" />
        <p>
          Once a week, the week's articles on one page: <a href={paths.digest()}>the latest weekly digest</a>,{" "}
          <a href={paths.digestArchive()}>past digests</a>, <a href={`${paths.feeds()}#digest`}>digest feed</a>.
        </p>
      </section>
    </Layout>,
  );
}
