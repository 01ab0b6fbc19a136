/** @jsxImportSource hono/jsx */
// /feeds: the page a person reaches by clicking "subscribe". Browsers no longer show feeds (Chrome removed XSLT,
// Firefox offers a download), so it says what a feed is, gives every address to copy, and names reader apps.
import type { TopicCount } from "../../shared/article.js";
import { paths, SITE, topicScope } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { Layout, toDocument } from "./layout.js";
import { FeedFields, feedsOfScope } from "./parts.js";

/** Readers for each kind of device, free or with a free tier, that read Atom, RSS and JSON Feed. */
const READERS = [
  { name: "NetNewsWire", where: "Mac, iPhone and iPad; free", url: "https://netnewswire.com/" },
  { name: "Feedly", where: "web, Android and iOS", url: "https://feedly.com/" },
  { name: "Inoreader", where: "web, Android and iOS", url: "https://www.inoreader.com/" },
  { name: "Miniflux", where: "self-hosted, in a browser", url: "https://miniflux.app/" },
  { name: "Thunderbird", where: "Windows, Mac and Linux; free", url: "https://www.thunderbird.net/" },
  { name: "newsboat", where: "a terminal; free", url: "https://newsboat.org/" },
];

export function renderFeedsPage(site: SiteConfig, topics: readonly TopicCount[]): string {
  return toDocument(
    <Layout
      site={site}
      title="Subscribe with a feed reader"
      canonical={paths.feeds()}
      description={`Follow ${site.title} in a feed reader: every address to copy, and apps that read them.`}
      feeds={[...feedsOfScope(site, "feed", SITE), ...feedsOfScope(site, "digest-feed", SITE)]}
    >
      <h1>Subscribe with a feed reader</h1>
      <p>
        A feed is an address a feed reader checks for new articles, so they come to you: no account with us, no email,
        nothing tracked. Copy an address below (select it, then copy) and add it to your reader; most readers also find
        the feeds if you give them this site's address. Opened in a browser, a feed shows code or downloads: that is
        expected, it is meant for the reader.
      </p>
      <p>
        Each feed comes in three formats with the same articles. Atom works in every reader; choose RSS or JSON Feed if
        yours asks for one. To add every feed at once, import <a href={paths.opml()}>the OPML list</a>.
      </p>

      <section aria-labelledby="site">
        <h2 id="site">Every article</h2>
        <p>Each article as it is published, with its full text.</p>
        <FeedFields site={site} kind="feed" scope={SITE} />
      </section>

      <section aria-labelledby="digest">
        <h2 id="digest">The weekly digest</h2>
        <p>
          One entry a week, when the week ends: <a href={paths.digest()}>the week's articles on one page</a>.
        </p>
        <FeedFields site={site} kind="digest-feed" scope={SITE} />
      </section>

      {topics.length > 0 && (
        <section aria-labelledby="topics">
          <h2 id="topics">One topic</h2>
          <p>
            Articles on one topic, and that topic's weekly digest. An author's feed is on the author's page (
            <a href={paths.authors()}>every author</a>).
          </p>
          {topics.map((t) => (
            <section aria-labelledby={`topic-${t.slug}`}>
              <h3 id={`topic-${t.slug}`}>
                <a href={paths.topic(t.slug)}>{t.label}</a>
              </h3>
              <FeedFields site={site} kind="feed" scope={topicScope(t.slug)} />
              <p class="meta">Weekly digest of {t.label}:</p>
              <FeedFields site={site} kind="digest-feed" scope={topicScope(t.slug)} />
            </section>
          ))}
        </section>
      )}

      <section aria-labelledby="readers">
        <h2 id="readers">Feed readers</h2>
        <ul>
          {READERS.map((r) => (
            <li>
              <a href={r.url}>{r.name}</a>: {r.where}
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
  );
}
