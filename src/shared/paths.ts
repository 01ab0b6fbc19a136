// Every public path Dispatch serves, in one place, so pages, feeds and the Worker's router agree.

export type FeedFormat = "atom" | "rss" | "json";

export const FEED_FORMATS: readonly FeedFormat[] = ["atom", "rss", "json"];

/** Media types with charset, as served (RFC 4287 §7, RSS 2.0 practice, JSON Feed 1.1). */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  atom: "application/atom+xml; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** The bare media type, for <link rel="alternate" type="…"> and OPML. */
export const feedType = (f: FeedFormat) => FEED_MEDIA_TYPES[f].split(";")[0] as string;

export const HTML_TYPE = "text/html; charset=utf-8";

export const paths = {
  home: () => "/",
  icon: () => "/favicon.svg",
  article: (slug: string) => `/articles/${slug}`,
  topics: () => "/topics",
  topic: (topic: string) => `/topics/${topic}`,
  opml: () => "/topics.opml",
  /** The site feed, every article. */
  feed: (f: FeedFormat) => `/feed.${f}`,
  topicFeed: (topic: string, f: FeedFormat) => `/topics/${topic}/feed.${f}`,
  digest: () => "/digest",
  digestArchive: () => "/digest/archive",
  digestWeek: (week: string) => `/digest/${week}`,
  digestEmail: (week: string) => `/digest/${week}/email`,
  digestText: (week: string) => `/digest/${week}.txt`,
  digestFeed: (f: FeedFormat) => `/digest/feed.${f}`,
  topicDigestFeed: (topic: string, f: FeedFormat) => `/topics/${topic}/digest.${f}`,
};

/** An absolute URL on the site's canonical origin. */
export const absolute = (origin: string, path: string) => `${origin}${path}`;
