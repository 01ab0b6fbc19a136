/** @jsxImportSource hono/jsx */
// One topic's page: its articles, newest first, and its feeds.
import type { ArticleSummary, TopicCount } from "../../shared/article.js";
import { paths, SITE, topicScope } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { articleCount } from "./format.js";
import { type FeedLink, Layout, toDocument } from "./layout.js";
import { Follow, feedsOfScope, NewestArticles } from "./parts.js";

/** How many of a topic's newest articles its page lists; the rest are in its feed archive and the weekly digests. */
export const TOPIC_PAGE_ARTICLES = 50;

/** `articles` are the topic's newest articles, newest first (at most TOPIC_PAGE_ARTICLES are shown). */
export function renderTopicPage(site: SiteConfig, topic: TopicCount, articles: ArticleSummary[]): string {
  const shown = articles.slice(0, TOPIC_PAGE_ARTICLES);
  const feeds = feedsOfScope(site, "feed", topicScope(topic.slug), topic.label);
  const digest = feedsOfScope(site, "digest-feed", topicScope(topic.slug), topic.label)[0] as FeedLink;
  return toDocument(
    <Layout
      site={site}
      title={topic.label}
      canonical={paths.topic(topic.slug)}
      description={`${topic.label}: ${articleCount(topic.count)} from ${site.title}.`}
      // The topic's own feeds first: readers that take the first link should get the feed of this page.
      feeds={[...feeds, digest, ...feedsOfScope(site, "feed", SITE)]}
    >
      <h1>{topic.label}</h1>
      <p class="meta">{articleCount(topic.count)}</p>

      <Follow
        site={site}
        scope={topicScope(topic.slug)}
        name={topic.label}
        what={`Each new article on ${topic.label}`}
      />

      <NewestArticles shown={shown} total={topic.count} empty={`No articles on ${topic.label} yet.`}>
        . Earlier ones are in the <a href={paths.digestArchive()}>weekly digests</a> and in this topic's feed, whose
        archive documents reach back to the first.
      </NewestArticles>
    </Layout>,
  );
}
