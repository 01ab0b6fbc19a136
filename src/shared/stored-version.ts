// How a content version is stored: a head (the CONTENT_VERSION value) names shards, shards name every route's bytes.
//
// Every value is stored once under the hash of its bytes (keys.ts). A route table for 100,000 articles is megabytes,
// so it is cut into shards of tens of kilobytes, each also stored under its hash; the head lists the shards' hashes
// and is small enough (under the 5 KB a Workers variable may hold) to travel with the deployed Worker. A request
// therefore needs at most two reads: its route's shard, then its bytes. Routes go to shards by what changes
// together: one new article touches its own article shard, its week's archive shard, its topics' and authors'
// shards and the site shard, and leaves every other shard, and so every other value, as it was.
import { fnv1a } from "./hash.js";
import type { Route } from "./routes.js";
import type { SiteConfig } from "./site.js";

/** Bytes stored under their hash, as a route serves them: [hash, Last-Modified in epoch seconds, size in bytes]. */
export type Stored = [hash: string, modified: number, size: number];

/**
 * A route's entry: its bytes, or, for the digest routes that change when the build's week ends, its bytes until an
 * instant (epoch seconds) and the bytes after it. The Worker picks by its clock; nothing is rendered or written then.
 */
export type RouteEntry = Stored | [before: Stored, switchAt: number, after: Stored];

export const isSwitched = (e: RouteEntry): e is [Stored, number, Stored] => Array.isArray(e[0]);

/** The bytes a route serves at `now` (epoch ms). */
export const storedAt = (e: RouteEntry, now: number): Stored =>
  isSwitched(e) ? (now >= e[1] * 1000 ? e[2] : e[0]) : e;

/** Which shard group a route belongs to (see `groupOf`). */
export type Group = "s" | "a" | "t" | "u" | "x" | "w";
/** Groups whose shards are buckets of a hash: their bucket counts are powers of two. */
export type HashedGroup = "a" | "t" | "u" | "x";
export const HASHED_GROUPS: readonly HashedGroup[] = ["a", "t", "u", "x"];

export interface Head {
  /** The content version: a hash of everything below, so the same content gives the same version. */
  version: string;
  /** The site shard: site-wide routes and the site scope. */
  s: string;
  /** Article pages by slug, topics by slug, authors by slug, archive documents by period and files by path: bucket hashes. */
  a: string[];
  t: string[];
  u: string[];
  x: string[];
  /** A year's digest weeks: shard hash by ISO year. */
  w: Record<string, string>;
}

/** Where a route's entry is: its group and, within it, the key that picks the bucket. */
export function groupOf(route: Route): { group: Group; key: string } {
  switch (route.kind) {
    case "article":
      return { group: "a", key: route.slug };
    case "topic":
      return { group: "t", key: route.slug };
    case "author":
      return { group: "u", key: route.slug };
    case "feed":
    case "digest-feed":
      return route.scope.kind === "site"
        ? { group: "s", key: "" }
        : { group: route.scope.kind === "topic" ? "t" : "u", key: route.scope.slug };
    case "archive":
      return { group: "x", key: route.period };
    // Files share the archive group: both are read only for requests that are not the site's everyday pages.
    case "file":
      return { group: "x", key: route.path };
    case "digest-week":
      return { group: "w", key: route.week.slice(0, 4) };
    case "sitemap":
      return { group: "w", key: String(route.year) };
    default:
      return { group: "s", key: "" };
  }
}

/** The bucket of `key` among `count` (a power of two) buckets. */
export const bucketOf = (key: string, count: number) => fnv1a(key) & (count - 1);

/** The hash of the shard holding entries of `group` for `key`, or undefined when the head has none. */
export function shardHash(head: Head, group: Group, key: string): string | undefined {
  if (group === "s") return head.s;
  if (group === "w") return head.w[key];
  const buckets = head[group];
  return buckets.length > 0 ? buckets[bucketOf(key, buckets.length)] : undefined;
}

/** What a feed rendered on the spot (?limit) needs of its scope, kept in the scope's shard. */
export interface ScopeEntry {
  /** A topic's label, an author's name; absent for the site. */
  name?: string;
  /** Articles in the scope. */
  total: number;
  /** Hashes of the newest entries' values (FeedEntry JSON, full content), newest first, at most 100. */
  recent: string[];
  /** The scope's newest archive document, [period, page], if it has archives. */
  archive?: [string, number];
  /** Entries newer than that document. */
  unarchived: number;
  /** When the feed's bytes last changed (epoch seconds): the Last-Modified of what the Worker renders from this. */
  modified: number;
  /**
   * The scope's weekly digest entries (FeedEntry JSON values), newest finished week first: the newest feedSize, or one
   * more when the build's own week has articles: that first entry joins the feed at `switchAt` (epoch seconds).
   */
  digest?: { entries: string[]; switchAt?: number };
}

/** A week with articles as a shard records it: its name and the instant it ends (epoch seconds). */
export type WeekEnd = [name: string, end: number];

export interface Shard {
  /** The site configuration, without the topic vocabulary: what a page or feed rendered on the spot needs. */
  site: SiteConfig;
  /** Route entries by path. */
  routes: Record<string, RouteEntry>;
  /** Scopes whose feeds live in this shard, by slug ("" for the site). */
  scopes?: Record<string, ScopeEntry>;
  /**
   * Digest weeks, newest first: in a year's shard, that year's weeks and the nearest ones before and after it; in the
   * site shard, the newest two (enough to know the latest finished week).
   */
  weeks?: WeekEnd[];
  /** In the site shard: the 404 page, as the HTML before and after the missing path. */
  notFound?: [string, string];
  /**
   * In the site shard: the old addresses (old path → path on this site), inline when they are few; when they are
   * many, the hash of their JSON object, read only for a request that is no route, so a large archive's redirects
   * cost the other requests nothing.
   */
  redirects?: Record<string, string> | string;
}

const VERSION_TAG = "d1";

/** The head as the text CONTENT_VERSION and the `current` key carry: d1:version:s:a,a:t,t:u,u:x,x:2018=w,2019=w. */
export function encodeHead(head: Head): string {
  const years = Object.entries(head.w)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([y, h]) => `${y}=${h}`);
  return [VERSION_TAG, head.version, head.s, ...HASHED_GROUPS.map((g) => head[g].join(",")), years.join(",")].join(":");
}

/** The head from its text, or null when the text is not one (an old or mistyped CONTENT_VERSION). */
export function decodeHead(text: string): Head | null {
  const parts = text.trim().split(":");
  if (parts.length !== 8 || parts[0] !== VERSION_TAG) return null;
  const [, version, s, a, t, u, x, w] = parts as [string, string, string, string, string, string, string, string];
  const list = (l: string) => (l === "" ? [] : l.split(","));
  const buckets = [list(a), list(t), list(u), list(x)];
  if (!version || !s || buckets.some((b) => b.length > 0 && (b.length & (b.length - 1)) !== 0)) return null;
  const years: Record<string, string> = {};
  for (const pair of list(w)) {
    const [year, hash] = pair.split("=");
    if (!year || !hash || !/^\d{4}$/.test(year)) return null;
    years[year] = hash;
  }
  return { version, s, a: buckets[0] ?? [], t: buckets[1] ?? [], u: buckets[2] ?? [], x: buckets[3] ?? [], w: years };
}

/** Every shard hash a head names. */
export function shardHashes(head: Head): string[] {
  return [head.s, ...HASHED_GROUPS.flatMap((g) => head[g]), ...Object.values(head.w)];
}

/**
 * Every value a shard names: its routes' bytes (both sides of a switch) and its scopes' feed and digest entries. With
 * the shards themselves, that is everything a version can read, so it is what a prune must keep.
 */
export function valuesOf(shard: Shard): string[] {
  const out: string[] = [];
  for (const entry of Object.values(shard.routes)) {
    if (isSwitched(entry)) out.push(entry[0][0], entry[2][0]);
    else out.push(entry[0]);
  }
  for (const scope of Object.values(shard.scopes ?? {})) out.push(...scope.recent, ...(scope.digest?.entries ?? []));
  if (typeof shard.redirects === "string") out.push(shard.redirects);
  return out;
}
