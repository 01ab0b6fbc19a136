// Every public URL Dispatch serves, built and parsed in one place: a path in, the route (kind, scope, format, archive
// week and page) out, and back. The build names what it renders with it, the pages link with it, the Worker routes with it.
import { fileType } from "./file-types.js";

export type FeedFormat = "atom" | "rss" | "json";
export const FEED_FORMATS: readonly FeedFormat[] = ["atom", "rss", "json"];

/** Whose articles a feed holds: every article, one topic's, or one author's. */
export type Scope = { kind: "site" } | { kind: "topic"; slug: string } | { kind: "author"; slug: string };
export const SITE: Scope = { kind: "site" };

/** The three forms of a week's digest. */
type DigestForm = "page" | "email" | "text";

export type Route =
  | { kind: "home" }
  | { kind: "icon" }
  | { kind: "robots" }
  | { kind: "sitemap-index" }
  /** One file of the sitemap: a year's article, topic, author and digest pages (part 2… when a year passes 50,000). */
  | { kind: "sitemap"; year: number; part: number }
  | { kind: "feeds" }
  | { kind: "article"; slug: string }
  | { kind: "topics" }
  | { kind: "topic"; slug: string }
  | { kind: "authors" }
  | { kind: "author"; slug: string }
  | { kind: "opml" }
  /** A subscription document: the newest entries of a scope. */
  | { kind: "feed"; scope: Scope; format: FeedFormat }
  /** RFC 5005 archive document `page` (1 = oldest) of one period of a scope: an ISO week (2018-W29) or a month (2018-07). */
  | { kind: "archive"; scope: Scope; period: string; page: number; format: FeedFormat }
  | { kind: "digest" }
  | { kind: "digest-archive" }
  | { kind: "digest-week"; week: string; form: DigestForm }
  | { kind: "digest-feed"; scope: Scope; format: FeedFormat }
  /**
   * A file kept in content/ (a picture, a PDF), served as it is at `path`, decoded. Never what `parsePath` returns:
   * any path may be a file, so the Worker looks one up only for a request that is no other route.
   */
  | { kind: "file"; path: string };

/** Slugs of articles, topics and authors in URLs: lowercase ASCII letters and digits joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PERIOD = /^\d{4}-(?:W\d{2}|\d{2})$/;

const scopeBase = (scope: Scope) =>
  scope.kind === "site" ? "" : `/${scope.kind === "topic" ? "topics" : "authors"}/${scope.slug}`;

/** The path of a route, e.g. /topics/syria/feed.atom. */
export function pathOf(route: Route): string {
  switch (route.kind) {
    case "home":
      return "/";
    case "icon":
      return "/favicon.svg";
    case "robots":
      return "/robots.txt";
    case "sitemap-index":
      return "/sitemap.xml";
    case "sitemap":
      return `/sitemaps/${route.year}${route.part > 1 ? `-${route.part}` : ""}.xml`;
    case "feeds":
      return "/feeds";
    case "article":
      return `/articles/${route.slug}`;
    case "topics":
      return "/topics";
    case "topic":
      return `/topics/${route.slug}`;
    case "authors":
      return "/authors";
    case "author":
      return `/authors/${route.slug}`;
    case "opml":
      return "/topics.opml";
    case "file":
      return route.path;
    case "feed":
      return `${scopeBase(route.scope)}/feed.${route.format}`;
    case "archive":
      return `${scopeBase(route.scope)}/feed/archive/${route.period}/${route.page}.${route.format}`;
    case "digest":
      return "/digest";
    case "digest-archive":
      return "/digest/archive";
    case "digest-week":
      return `/digest/${route.week}${route.form === "email" ? "/email" : route.form === "text" ? ".txt" : ""}`;
    case "digest-feed":
      return route.scope.kind === "site"
        ? `/digest/feed.${route.format}`
        : `${scopeBase(route.scope)}/digest.${route.format}`;
  }
}

const FIXED: Record<string, Route> = {
  "/": { kind: "home" },
  "/favicon.svg": { kind: "icon" },
  "/robots.txt": { kind: "robots" },
  "/sitemap.xml": { kind: "sitemap-index" },
  "/feeds": { kind: "feeds" },
  "/topics": { kind: "topics" },
  "/authors": { kind: "authors" },
  "/topics.opml": { kind: "opml" },
  "/digest": { kind: "digest" },
  "/digest/archive": { kind: "digest-archive" },
};

const isFormat = (s: string): s is FeedFormat => (FEED_FORMATS as readonly string[]).includes(s);

/** A feed file's name and format (`feed.atom` → ["feed", "atom"]), or null when it is no feed file. */
function feedFile(file: string): [name: string, format: FeedFormat] | null {
  const dot = file.indexOf(".");
  const format = file.slice(dot + 1);
  return dot > 0 && isFormat(format) ? [file.slice(0, dot), format] : null;
}

/** An archive document's page number: 1 to 99999, no leading zero. */
const PAGE = /^[1-9]\d{0,4}$/;

/** The feed routes under a scope's base: feed.atom, feed/archive/2018-W29/1.atom, feed/archive/2018-07/1.atom, digest.atom. */
function scopedFeed(scope: Scope, rest: string[]): Route | null {
  const [first, second, period, last] = rest;
  if (rest.length === 1 && first) {
    const [name, format] = feedFile(first) ?? [];
    if (name === "feed" && format) return { kind: "feed", scope, format };
    if (name === "digest" && format && scope.kind !== "author") return { kind: "digest-feed", scope, format };
    return null;
  }
  if (rest.length === 4 && first === "feed" && second === "archive" && period && PERIOD.test(period) && last) {
    const [page, format] = feedFile(last) ?? [];
    if (page && format && PAGE.test(page)) return { kind: "archive", scope, period, page: Number(page), format };
  }
  return null;
}

/**
 * The route a path names, or null when Dispatch serves nothing there. Strict: one URL per resource, so a trailing
 * slash, an upper-case slug, a dot segment or an encoded character is null (the Worker answers 404 or redirects).
 */
export function parsePath(path: string): Route | null {
  const fixed = FIXED[path];
  if (fixed) return fixed;
  const parts = path.split("/");
  if (parts[0] !== "" || parts.length < 2) return null;
  const [, head = "", second, ...rest] = parts;
  if (second === undefined) {
    const [name, format] = feedFile(head) ?? [];
    return name === "feed" && format ? { kind: "feed", scope: SITE, format } : null;
  }
  if (second === "") return null;
  switch (head) {
    case "articles":
      return rest.length === 0 && SLUG.test(second) ? { kind: "article", slug: second } : null;
    case "topics":
    case "authors": {
      if (!SLUG.test(second)) return null;
      const kind = head === "topics" ? "topic" : "author";
      return rest.length === 0 ? { kind, slug: second } : scopedFeed({ kind, slug: second }, rest);
    }
    case "feed":
      return scopedFeed(SITE, ["feed", second, ...rest]);
    case "sitemaps": {
      const m = /^(\d{4})(?:-([2-9]|[1-9]\d+))?\.xml$/.exec(second);
      return m && rest.length === 0 ? { kind: "sitemap", year: Number(m[1]), part: Number(m[2] ?? 1) } : null;
    }
    case "digest": {
      const [name, format] = feedFile(second) ?? [];
      if (name === "feed" && format) return rest.length === 0 ? { kind: "digest-feed", scope: SITE, format } : null;
      // Any other name is a week: the Worker answers 400 for one that is not an ISO week (parseWeek), 404 for an empty one.
      if (second.endsWith(".txt"))
        return rest.length === 0 ? { kind: "digest-week", week: second.slice(0, -4), form: "text" } : null;
      if (rest.length === 0) return { kind: "digest-week", week: second, form: "page" };
      return rest.length === 1 && rest[0] === "email" ? { kind: "digest-week", week: second, form: "email" } : null;
    }
  }
  return null;
}

/** Media types with charset, as served (RFC 4287 §7, RSS 2.0 practice, JSON Feed 1.1). */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  atom: "application/atom+xml; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** The bare media type of a feed format, for <link rel="alternate" type="…"> and OPML. */
export const feedType = (f: FeedFormat) => FEED_MEDIA_TYPES[f].split(";")[0] as string;

export const HTML_TYPE = "text/html; charset=utf-8";
export const TEXT_TYPE = "text/plain; charset=utf-8";
const OPML_TYPE = "text/x-opml; charset=utf-8";
const SVG_TYPE = "image/svg+xml";
const XML_TYPE = "application/xml; charset=utf-8";

/** The media type a route is served with. */
export function mediaTypeOf(route: Route): string {
  switch (route.kind) {
    case "feed":
    case "archive":
    case "digest-feed":
      return FEED_MEDIA_TYPES[route.format];
    case "icon":
      return SVG_TYPE;
    case "opml":
      return OPML_TYPE;
    case "robots":
      return TEXT_TYPE;
    case "file":
      return fileType(route.path);
    case "sitemap-index":
    case "sitemap":
      return XML_TYPE;
    case "digest-week":
      return route.form === "text" ? TEXT_TYPE : HTML_TYPE;
    default:
      return HTML_TYPE;
  }
}

/** What kind of document a route is, for the headers that apply to a kind (src/worker/headers.ts). */
export type DocumentKind = "page" | "feed" | "data" | "file";

export function documentKindOf(route: Route): DocumentKind {
  if (route.kind === "file") return "file";
  const type = mediaTypeOf(route);
  if (type === HTML_TYPE) return "page";
  return route.kind === "feed" || route.kind === "archive" || route.kind === "digest-feed" || route.kind === "opml"
    ? "feed"
    : "data";
}

/** An absolute URL on the site's canonical origin. */
export const absolute = (origin: string, path: string) => `${origin}${path}`;

/** A topic's or an author's scope. */
export const topicScope = (slug: string): Scope => ({ kind: "topic", slug });
export const authorScope = (slug: string): Scope => ({ kind: "author", slug });

/** The paths pages link to, by name: each is pathOf of its route. */
export const paths = {
  home: () => pathOf({ kind: "home" }),
  icon: () => pathOf({ kind: "icon" }),
  feeds: () => pathOf({ kind: "feeds" }),
  article: (slug: string) => pathOf({ kind: "article", slug }),
  topics: () => pathOf({ kind: "topics" }),
  topic: (slug: string) => pathOf({ kind: "topic", slug }),
  authors: () => pathOf({ kind: "authors" }),
  author: (slug: string) => pathOf({ kind: "author", slug }),
  opml: () => pathOf({ kind: "opml" }),
  sitemap: () => pathOf({ kind: "sitemap-index" }),
  feed: (scope: Scope, format: FeedFormat) => pathOf({ kind: "feed", scope, format }),
  digest: () => pathOf({ kind: "digest" }),
  digestArchive: () => pathOf({ kind: "digest-archive" }),
  digestWeek: (week: string) => pathOf({ kind: "digest-week", week, form: "page" }),
  digestEmail: (week: string) => pathOf({ kind: "digest-week", week, form: "email" }),
  digestText: (week: string) => pathOf({ kind: "digest-week", week, form: "text" }),
  digestFeed: (scope: Scope, format: FeedFormat) => pathOf({ kind: "digest-feed", scope, format }),
};

/**
 * An old site's address as the build records it and the Worker looks it up: percent-decoded, without a final
 * index.html or trailing slash, so `/2019/05/a-post/`, `/2019/05/a-post` and `/2019/05/a-post/index.html` are one.
 */
export function addressKey(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {}
  return decoded.replace(/\/index\.html?$/i, "/").replace(/\/+$/, "") || "/";
}
