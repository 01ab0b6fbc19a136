// Lays a rendered version out for KV: Last-Modified for every route, routes into shards, shards into the value store,
// and the head that names them (src/shared/stored-version.ts).

import { notFoundPageParts } from "../render/html/not-found.js";
import { addTo, nextPowerOfTwo } from "../shared/group.js";
import type { SiteConfig } from "../shared/site.js";
import {
  bucketOf,
  encodeHead,
  groupOf,
  HASHED_GROUPS,
  type HashedGroup,
  type Head,
  isSwitched,
  type RouteEntry,
  type ScopeEntry,
  type Shard,
  type Stored,
  type WeekEnd,
} from "../shared/stored-version.js";
import { contentHashSync } from "./hash.js";
import type { Rendered, ScopeDraft, SiteRender } from "./render-site.js";
import type { Ref, ValueStore } from "./value-store.js";

/** Workers KV's largest value (https://developers.cloudflare.com/kv/platform/limits/). */
const KV_VALUE_LIMIT = 25 * 1024 * 1024;

/** The JSON size a shard aims at: parsed in well under a millisecond, and small to rewrite when one route changes. */
const SHARD_TARGET_BYTES = 48 * 1024;

/**
 * Shards the head may name: it travels as a Workers variable, which holds 5 KB, and each name takes 17 characters.
 * Past this (some 300,000 articles), shards grow instead of multiplying.
 */
const MAX_SHARDS = 256;

/** Routes by path with their Last-Modified, as dist/routes.json keeps them for the next build. */
export type RouteTable = Record<string, RouteEntry>;

/** Each scope's fingerprint and Last-Modified, as dist/scopes.json keeps them for the next build. */
export type ScopeTable = Record<string, [fingerprint: string, modified: number]>;

/**
 * Last-Modified: the time the bytes were first published, carried over from the previous build for as long as they
 * do not change, and the build's time when they do. The bytes a route switches to at the end of the build's week
 * are modified then, at the earliest.
 */
export function lastModified(previous: RouteTable, now: number): (path: string, rendered: Rendered) => RouteEntry {
  const nowSec = Math.floor(now / 1000);
  return (path, rendered) => {
    const before = previous[path];
    const had = new Map<string, number>();
    if (before) for (const s of isSwitched(before) ? [before[0], before[2]] : [before]) had.set(s[0], s[1]);
    const stamp = ([hash, size]: Ref, atLeast = 0): Stored => [hash, Math.max(had.get(hash) ?? nowSec, atLeast), size];
    if (Array.isArray(rendered)) return stamp(rendered);
    const at = Math.floor(rendered.switchAt / 1000);
    return [stamp(rendered.before), at, stamp(rendered.after, at)];
  };
}

/** Objects with their keys sorted, so the same content always gives the same shard bytes. */
function sorted<T>(record: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...record].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface LaidOut {
  head: Head;
  headText: string;
  routes: RouteTable;
  scopes: ScopeTable;
  /** Every value the version needs (shards, route bytes, the feed entries its scopes name), with its size. */
  values: Map<string, number>;
  /** The largest value a route serves. */
  largest: { path: string; bytes: number };
  shards: number;
  largestShard: number;
}

/** Each scope's entry with its Last-Modified: kept from the previous build while its fingerprint is the same. */
function datedScopes(
  drafts: SiteRender["scopes"],
  previous: ScopeTable,
  now: number,
  code: string,
): { site: ScopeEntry; topics: Map<string, ScopeEntry>; authors: Map<string, ScopeEntry>; table: ScopeTable } {
  // A scope's feeds rendered on request change when what they are rendered from changes (or the code that renders).
  const table: ScopeTable = {};
  const dated = (key: string, draft: ScopeDraft): ScopeEntry => {
    const fingerprint = contentHashSync(`${code}\0${JSON.stringify(draft)}`);
    const before = previous[key];
    const modified = before && before[0] === fingerprint ? before[1] : Math.floor(now / 1000);
    table[key] = [fingerprint, modified];
    return { ...draft, modified };
  };
  return {
    site: dated("", drafts.site),
    topics: new Map([...drafts.topics].map(([k, d]) => [k, dated(`topic/${k}`, d)])),
    authors: new Map([...drafts.authors].map(([k, d]) => [k, dated(`author/${k}`, d)])),
    table,
  };
}

/** Routes by shard group, then by group key (a topic's slug, a year), then by path. */
type Grouped = Map<string, Map<string, Map<string, RouteEntry>>>;

/** Stores shards and other values of the layout, keeping count of what the version needs and what is too large. */
class LayoutValues {
  /** Every value the version needs, with its size. */
  readonly values = new Map<string, number>();
  readonly oversize: { path: string; size: number }[] = [];
  shards = 0;
  largestShard = 0;

  constructor(private readonly store: ValueStore) {}

  /** A value a route serves (or a scope names), already in the store. */
  need(hash: string, size: number, path: string): void {
    this.values.set(hash, size);
    if (size > KV_VALUE_LIMIT) this.oversize.push({ path, size });
  }

  put(text: string, what: string): string {
    const [hash, size] = this.store.put(text);
    this.need(hash, size, what);
    return hash;
  }

  shard(shard: Shard): string {
    const hash = this.put(JSON.stringify(shard), "(a shard of the route table)");
    this.shards++;
    this.largestShard = Math.max(this.largestShard, this.values.get(hash) ?? 0);
    return hash;
  }
}

/**
 * Bucket counts per hashed group: enough that a shard stays near its target size, within the head's room (a power of
 * two each, so a key's bucket is its hash's low bits).
 */
function bucketCounts(byGroup: Grouped, scopeOf: (g: HashedGroup, key: string) => ScopeEntry | undefined) {
  const entrySize = (paths: Map<string, RouteEntry>) => {
    let n = 0;
    for (const [p, e] of paths) n += p.length + JSON.stringify(e).length + 4;
    return n;
  };
  const counts = new Map<HashedGroup, number>();
  for (const g of HASHED_GROUPS) {
    let bytes = 0;
    for (const [key, paths] of byGroup.get(g) ?? [])
      bytes += entrySize(paths) + JSON.stringify(scopeOf(g, key) ?? "").length;
    counts.set(g, bytes === 0 ? 0 : nextPowerOfTwo(Math.ceil(bytes / SHARD_TARGET_BYTES)));
  }
  while ([...counts.values()].reduce((a, b) => a + b, 0) > MAX_SHARDS) {
    const [largest] = [...counts].sort((a, b) => b[1] - a[1])[0] as [HashedGroup, number];
    counts.set(largest, (counts.get(largest) ?? 2) / 2);
  }
  return counts;
}

/** A hashed group's routes and scopes in `count` shards, each key in the bucket its hash picks; the shards' names. */
function hashedShards(
  out: LayoutValues,
  keys: Map<string, Map<string, RouteEntry>> | undefined,
  count: number,
  scopeOf: (key: string) => ScopeEntry | undefined,
  site: SiteConfig,
): string[] {
  const buckets = Array.from({ length: count }, () => ({
    routes: new Map<string, RouteEntry>(),
    scopes: new Map<string, ScopeEntry>(),
  }));
  for (const [key, paths] of keys ?? []) {
    const bucket = buckets[bucketOf(key, count)];
    if (!bucket) continue;
    for (const [p, e] of paths) bucket.routes.set(p, e);
    const scope = scopeOf(key);
    if (scope) bucket.scopes.set(key, scope);
  }
  return buckets.map((b) =>
    out.shard({ site, routes: sorted(b.routes), ...(b.scopes.size > 0 ? { scopes: sorted(b.scopes) } : {}) }),
  );
}

/** A year's digest weeks, with the nearest week on either side, for the 404 page of a week without articles. */
function weeksAround(weeks: readonly WeekEnd[], inYear: readonly WeekEnd[]): WeekEnd[] {
  const newest = weeks.indexOf(inYear[0] as WeekEnd);
  const oldest = weeks.indexOf(inYear.at(-1) as WeekEnd);
  const after = newest > 0 ? [weeks[newest - 1] as WeekEnd] : [];
  const before = oldest >= 0 && oldest + 1 < weeks.length ? [weeks[oldest + 1] as WeekEnd] : [];
  return [...after, ...inYear, ...before];
}

/**
 * Shards the routes and scopes and stores the shards. `oversize` collects every value over KV's limit, by the route
 * that holds it, so the build can refuse the version.
 */
export async function layOut(
  site: SiteConfig,
  render: SiteRender,
  previous: { routes: RouteTable; scopes: ScopeTable },
  now: number,
  store: ValueStore,
  code: string,
  redirects: Record<string, string> = {},
): Promise<LaidOut & { oversize: { path: string; size: number }[] }> {
  const stamp = lastModified(previous.routes, now);
  const scopes = datedScopes(render.scopes, previous.scopes, now, code);
  const out = new LayoutValues(store);
  const routes: RouteTable = {};
  let largest = { path: "", bytes: 0 };
  const byGroup: Grouped = new Map();
  for (const [path, { route, rendered }] of render.routes) {
    const entry = stamp(path, rendered);
    routes[path] = entry;
    for (const s of isSwitched(entry) ? [entry[0], entry[2]] : [entry]) {
      out.need(s[0], s[2], path);
      if (s[2] > largest.bytes) largest = { path, bytes: s[2] };
    }
    const { group, key } = groupOf(route);
    const keys = byGroup.get(group) ?? new Map<string, Map<string, RouteEntry>>();
    byGroup.set(group, keys);
    const paths = keys.get(key) ?? new Map<string, RouteEntry>();
    keys.set(key, paths);
    paths.set(path, entry);
  }
  for (const scope of [scopes.site, ...scopes.topics.values(), ...scopes.authors.values()])
    for (const h of [...scope.recent, ...(scope.digest?.entries ?? [])]) out.values.set(h, store.sizeOf(h));

  // What renders on request need of the site: everything but the topic vocabulary, which only the build uses.
  const shardSite: SiteConfig = { ...site, topics: {} };
  const scopeOf = (group: HashedGroup, key: string): ScopeEntry | undefined =>
    group === "t" ? scopes.topics.get(key) : group === "u" ? scopes.authors.get(key) : undefined;
  const counts = bucketCounts(byGroup, scopeOf);
  const head: Head = { version: "", s: "", a: [], t: [], u: [], x: [], w: {} };
  for (const g of HASHED_GROUPS)
    head[g] = hashedShards(out, byGroup.get(g), counts.get(g) ?? 0, (key) => scopeOf(g, key), shardSite);

  // The site shard, with the site's scope and the newest two weeks (the latest finished is one of them). Old
  // addresses ride in it up to 8 KiB (no extra read on a 404), else in a value of their own.
  const table = sorted(new Map(Object.entries(redirects)));
  const tableText = JSON.stringify(table);
  head.s = out.shard({
    site: shardSite,
    routes: sorted(byGroup.get("s")?.get("") ?? new Map()),
    scopes: { "": scopes.site },
    weeks: render.weeks.slice(0, 2),
    notFound: notFoundPageParts(site),
    ...(Object.keys(redirects).length === 0
      ? {}
      : { redirects: tableText.length <= 8 * 1024 ? table : out.put(tableText, "(the old addresses)") }),
  });

  const years = new Map<string, WeekEnd[]>();
  for (const w of render.weeks) addTo(years, w[0].slice(0, 4), w);
  for (const [year, paths] of byGroup.get("w") ?? [])
    head.w[year] = out.shard({
      site: shardSite,
      routes: sorted(paths),
      weeks: weeksAround(render.weeks, years.get(year) ?? []),
    });

  head.version = contentHashSync(encodeHead(head));
  return {
    head,
    headText: encodeHead(head),
    routes,
    scopes: scopes.table,
    values: out.values,
    largest,
    shards: out.shards,
    largestShard: out.largestShard,
    oversize: out.oversize,
  };
}
