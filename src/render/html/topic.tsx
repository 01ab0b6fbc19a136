/** @jsxImportSource hono/jsx */
// One topic's page: its articles, newest first, and its feeds.
import type { ArticleSummary, TopicCount } from "../../shared/article.js";
import { paths } from "../../shared/paths.js";
import type { SiteConfig } from "../../shared/site.js";
import { articleCount } from "./format.js";
import { Layout, toDocument } from "./layout.js";
import { ArticleItem, FeedLinks, siteFeeds, topicDigestFeed, topicFeeds } from "./parts.js";

/** `articles` are the topic's articles, newest first. */
export function renderTopicPage(site: SiteConfig, topic: TopicCount, articles: ArticleSummary[]): string {
  const feeds = topicFeeds(site, topic);
  const digest = topicDigestFeed(site, topic);
  return toDocument(
    <Layout
      site={site}
      title={topic.label}
      canonical={paths.topic(topic.slug)}
      description={`${topic.label}: ${articleCount(articles.length)} from ${site.title}.`}
      // The topic's own feeds first: readers that take the first link should get the feed of this page.
      feeds={[...feeds, digest, ...siteFeeds(site)]}
    >
      <h1>{topic.label}</h1>
      <p class="meta">{articleCount(articles.length)}</p>

      <section class="subscribe" aria-labelledby="follow">
        <h2 id="follow">Follow {topic.label}</h2>
        <p>Each new article on {topic.label}, in your feed reader:</p>
        <FeedLinks feeds={feeds} about={`for ${topic.label}`} />
        <p>
          Or once a week, the week's {topic.label} articles together:{" "}
          <a href={digest.path} type={digest.type}>
            weekly digest feed<span class="vh"> for {topic.label}</span> (Atom)
          </a>
          .
        </p>
      </section>

      <section aria-labelledby="articles">
        <h2 id="articles">Articles</h2>
        {articles.length === 0 ? (
          <p>No articles on {topic.label} yet.</p>
        ) : (
          <ol class="articles">
            {articles.map((a) => (
              <ArticleItem article={a} level={3} />
            ))}
          </ol>
        )}
      </section>
    </Layout>,
  );
}
