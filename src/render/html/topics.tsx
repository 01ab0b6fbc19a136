/** @jsxImportSource hono/jsx */
// The topic list: every topic with its article count and its feeds, and the OPML list of every feed.
import type { TopicCount } from "../../shared/article.js";
import { paths, SITE, topicScope } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { articleCount } from "./format.js";
import { Layout, toDocument } from "./layout.js";
import { FeedFormatList, feedsOfScope } from "./parts.js";

export function renderTopicsPage(site: SiteConfig, topics: TopicCount[]): string {
  return toDocument(
    <Layout
      site={site}
      title="Topics"
      canonical={paths.topics()}
      description={`Every topic ${site.title} covers, with a feed for each.`}
      feeds={feedsOfScope(site, "feed", SITE)}
    >
      <h1>Topics</h1>
      <p>
        Each topic has its own feed, in Atom, RSS and JSON Feed, and a weekly digest feed. To follow them all at once,
        import the <a href={paths.opml()}>OPML list of every feed</a> into your feed reader.
      </p>
      {topics.length === 0 ? (
        <p>No topics yet.</p>
      ) : (
        <ul class="topic-list">
          {topics.map((t) => (
            <li>
              <h2>
                <a href={paths.topic(t.slug)}>{t.label}</a>
              </h2>
              <p class="meta">{articleCount(t.count)}</p>
              <div class="feeds">
                <FeedFormatList
                  feeds={feedsOfScope(site, "feed", topicScope(t.slug), t.label)}
                  digest={feedsOfScope(site, "digest-feed", topicScope(t.slug), t.label)[0]}
                  about={`for ${t.label}`}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>,
  );
}
