/** @jsxImportSource hono/jsx */
// Pieces several pages share: the feeds a page advertises, visible feed links, and an article in a list.
import type { Child } from "hono/jsx";
import type { ArticleSummary } from "../../shared/article.js";
import {
  absolute,
  FEED_FORMATS,
  type FeedFormat,
  feedType,
  parsePath,
  pathOf,
  paths,
  type Scope,
} from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { articleCount, humanDate, readingTime, unconfirmedNote } from "./format.js";
import type { FeedLink } from "./layout.js";

/** What readers call each format: the name on the link and in a feed reader's "pick a feed" list. */
const FORMAT_NAMES: Record<FeedFormat, string> = { atom: "Atom", rss: "RSS", json: "JSON Feed" };

/**
 * A scope's feed ("feed") or weekly digest feed ("digest-feed") in each format, Atom first: readers that take the
 * first link get the richest. `name` is a topic's label or an author's name.
 */
export function feedsOfScope(site: SiteConfig, kind: "feed" | "digest-feed", scope: Scope, name?: string): FeedLink[] {
  const title = scope.kind === "site" ? site.title : `${site.title}: ${name ?? scope.slug}`;
  const what = kind === "feed" ? "" : scope.kind === "site" ? " weekly digest" : ", weekly digest";
  return FEED_FORMATS.map((format) => ({
    title: `${title}${what} (${FORMAT_NAMES[format]})`,
    type: feedType(format),
    path: pathOf({ kind, scope, format }),
  }));
}

/** The name of a feed's format from its media type: "Atom", "RSS", "JSON Feed". */
function formatName(feed: FeedLink): string {
  const format = FEED_FORMATS.find((f) => feedType(f) === feed.type);
  return format ? FORMAT_NAMES[format] : feed.type;
}

/**
 * Where a visible link to a feed goes: the place on a page for people that gives its address and says what to do with
 * it (a feed opened in a browser is raw XML, or a download). Authors' feeds are on their own pages; the rest on /feeds.
 * Autodiscovery (<link rel="alternate">) still names the feed itself.
 */
function feedPlace(feed: FeedLink): string {
  const route = parsePath(feed.path);
  if (!route || (route.kind !== "feed" && route.kind !== "digest-feed")) return feed.path;
  const id = feedFieldId(route.kind, route.scope, route.format);
  return route.scope.kind === "author" ? `${paths.author(route.scope.slug)}#${id}` : `${paths.feeds()}#${id}`;
}

/** The id of a feed's address field: feed-site-atom, digest-topic-syria-rss, feed-author-jane-doe-json. */
function feedFieldId(kind: "feed" | "digest-feed", scope: Scope, format: FeedFormat): string {
  const who = scope.kind === "site" ? "site" : `${scope.kind}-${scope.slug}`;
  return `${kind === "feed" ? "feed" : "digest"}-${who}-${format}`;
}

/**
 * A feed's addresses in each format, each in a read-only field a reader can select and copy (no script: the pages
 * carry none), with the format's name as its label.
 */
export function FeedFields({ site, kind, scope }: { site: SiteConfig; kind: "feed" | "digest-feed"; scope: Scope }) {
  return (
    <ul class="feed-fields">
      {FEED_FORMATS.map((format) => {
        const id = feedFieldId(kind, scope, format);
        const url = absolute(site.origin, pathOf({ kind, scope, format }));
        return (
          <li>
            <label for={id}>{FORMAT_NAMES[format]}</label>{" "}
            <input id={id} type="text" readonly value={url} size={Math.min(60, url.length)} spellcheck={false} />
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A topic's or an author's "Follow" box: what the feed brings, its addresses to copy, a link to what a feed is, and
 * a topic's weekly digest feed.
 */
export function Follow({ site, scope, name, what }: { site: SiteConfig; scope: Scope; name: string; what: string }) {
  return (
    <section class="subscribe" aria-labelledby="follow">
      <h2 id="follow">Follow {name}</h2>
      <p>
        {what}, in your feed reader: copy an address into it (<a href={paths.feeds()}>what is a feed?</a>).
      </p>
      <FeedFields site={site} kind="feed" scope={scope} />
      {scope.kind === "topic" && (
        <>
          <p>Or once a week, the week's {name} articles together:</p>
          <FeedFields site={site} kind="digest-feed" scope={scope} />
        </>
      )}
    </section>
  );
}

/**
 * Visible links to one feed in its formats, and optionally its weekly digest feed, each to the place that gives its
 * address (feedPlace). `about` is read to screen readers only ("… feed for Syria") so a list of links taken out of the
 * page still says which feed each one is (WCAG 2.4.4).
 */
export function FeedFormatList({ feeds, digest, about }: { feeds: FeedLink[]; digest?: FeedLink; about: string }) {
  return (
    <ul class="inline">
      {feeds.map((f) => {
        const name = formatName(f);
        return (
          <li>
            <a href={feedPlace(f)}>
              {name}
              <span class="vh">
                {name.endsWith("Feed") ? "" : " feed"} {about}
              </span>
            </a>
          </li>
        );
      })}
      {digest && (
        <li>
          <a href={feedPlace(digest)}>
            Weekly digest feed<span class="vh"> {about}</span> ({formatName(digest)})
          </a>
        </li>
      )}
    </ul>
  );
}

/** "By Eric Schmitt", without doubling a "By" the byline already has. */
export function byline(text: string): string {
  return /^by\s/i.test(text) ? text : `By ${text}`;
}

/** An article in a list: headline linking to its page, date, publisher, byline, summary. */
export function ArticleItem({ article: a, level }: { article: ArticleSummary; level: 2 | 3 }) {
  const headline = <a href={paths.article(a.slug)}>{a.title}</a>;
  return (
    <li>
      {level === 2 ? <h2>{headline}</h2> : <h3>{headline}</h3>}
      <p class="meta">
        <time datetime={a.date}>{humanDate(a.date)}</time>
        {unconfirmedNote(a, "date")} · {a.publisher}
        {a.byline ? ` · ${byline(a.byline)}${unconfirmedNote(a, "byline")}` : ""} · {readingTime(a.readingMinutes)}
      </p>
      <p>{a.summary}</p>
    </li>
  );
}

/**
 * A topic's or an author's page section of its newest articles (or `empty` when it has none), and where the rest are
 * (`children`) when it has more than the page shows.
 */
export function NewestArticles(props: { shown: ArticleSummary[]; total: number; empty?: string; children?: Child }) {
  const { shown, total, empty, children } = props;
  return (
    <section aria-labelledby="articles">
      <h2 id="articles">Articles</h2>
      {shown.length === 0 && empty ? (
        <p>{empty}</p>
      ) : (
        <ol class="articles">
          {shown.map((a) => (
            <ArticleItem article={a} level={3} />
          ))}
        </ol>
      )}
      {total > shown.length && (
        <p>
          The newest {shown.length} of {articleCount(total)}
          {children}
        </p>
      )}
    </section>
  );
}
