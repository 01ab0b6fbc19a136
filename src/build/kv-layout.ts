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

/**
 * Shards the routes and scopes and stores the shards. `problems` collects every value over KV's limit, by the route
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
  // A scope's feeds rendered on request change when what they are rendered from changes (or the code that renders).
  const scopes: ScopeTable = {};
  const dated = (key: string, draft: ScopeDraft): ScopeEntry => {
    const fingerprint = contentHashSync(`${code}\0${JSON.stringify(draft)}`);
    const before = previous.scopes[key];
    const modified = before && before[0] === fingerprint ? before[1] : Math.floor(now / 1000);
    scopes[key] = [fingerprint, modified];
    return { ...draft, modified };
  };
  const siteScope = dated("", render.scopes.site);
  const topicScopes = new Map([...render.scopes.topics].map(([k, d]) => [k, dated(`topic/${k}`, d)]));
  const authorScopes = new Map([...render.scopes.authors].map(([k, d]) => [k, dated(`author/${k}`, d)]));
  const routes: RouteTable = {};
  const oversize: { path: string; size: number }[] = [];
  const values = new Map<string, number>();
  let largest = { path: "", bytes: 0 };
  const byGroup = new Map<string, Map<string, Map<string, RouteEntry>>>();
  for (const [path, { route, rendered }] of render.routes) {
    const entry = stamp(path, rendered);
    routes[path] = entry;
    for (const s of isSwitched(entry) ? [entry[0], entry[2]] : [entry]) {
      values.set(s[0], s[2]);
      if (s[2] > largest.bytes) largest = { path, bytes: s[2] };
      if (s[2] > KV_VALUE_LIMIT) oversize.push({ path, size: s[2] });
    }
    const { group, key } = groupOf(route);
    const keys = byGroup.get(group) ?? new Map<string, Map<string, RouteEntry>>();
    byGroup.set(group, keys);
    const paths = keys.get(key) ?? new Map<string, RouteEntry>();
    keys.set(key, paths);
    paths.set(path, entry);
  }
  for (const scope of [siteScope, ...topicScopes.values(), ...authorScopes.values()]) {
    for (const h of [...scope.recent, ...(scope.digest?.entries ?? [])]) values.set(h, store.sizeOf(h));
  }

  // What on-the-spot renders need of the site: everything but the topic vocabulary, which only the build uses.
  const shardSite: SiteConfig = { ...site, topics: {} };
  const shardValues: string[] = [];
  let largestShard = 0;
  const storeShard = async (shard: Shard): Promise<string> => {
    const text = JSON.stringify(shard);
    const [hash, size] = store.put(text);
    values.set(hash, size);
    shardValues.push(hash);
    largestShard = Math.max(largestShard, size);
    if (size > KV_VALUE_LIMIT) oversize.push({ path: "(a shard of the route table)", size });
    return hash;
  };

  /** Old addresses inline in the site shard up to 8 KiB (no extra read on a 404), else a value of their own. */
  const storeRedirects = (redirects: Record<string, string>): Record<string, string> | string => {
    const table = sorted(new Map(Object.entries(redirects)));
    const text = JSON.stringify(table);
    if (text.length <= 8 * 1024) return table;
    const [hash, size] = store.put(text);
    values.set(hash, size);
    if (size > KV_VALUE_LIMIT) oversize.push({ path: "(the old addresses)", size });
    return hash;
  };

  // Bucket counts: enough that a shard stays near its target size, within the head's room.
  const entrySize = (paths: Map<string, RouteEntry>) => {
    let n = 0;
    for (const [p, e] of paths) n += p.length + JSON.stringify(e).length + 4;
    return n;
  };
  const scopeOf = (group: HashedGroup, key: string): ScopeEntry | undefined =>
    group === "t" ? topicScopes.get(key) : group === "u" ? authorScopes.get(key) : undefined;
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

  const head: Head = { version: "", s: "", a: [], t: [], u: [], x: [], w: {} };
  for (const g of HASHED_GROUPS) {
    const count = counts.get(g) ?? 0;
    const buckets = Array.from({ length: count }, () => ({
      routes: new Map<string, RouteEntry>(),
      scopes: new Map<string, ScopeEntry>(),
    }));
    for (const [key, paths] of byGroup.get(g) ?? []) {
      const bucket = buckets[bucketOf(key, count)];
      if (!bucket) continue;
      for (const [p, e] of paths) bucket.routes.set(p, e);
      const scope = scopeOf(g, key);
      if (scope) bucket.scopes.set(key, scope);
    }
    for (const b of buckets)
      head[g].push(
        await storeShard({
          site: shardSite,
          routes: sorted(b.routes),
          ...(b.scopes.size > 0 ? { scopes: sorted(b.scopes) } : {}),
        }),
      );
  }

  // The site shard, with the site's scope and the newest two weeks (the latest finished is one of them).
  head.s = await storeShard({
    site: shardSite,
    routes: sorted(byGroup.get("s")?.get("") ?? new Map()),
    scopes: { "": siteScope },
    weeks: render.weeks.slice(0, 2),
    notFound: notFoundPageParts(site),
    ...(Object.keys(redirects).length > 0 ? { redirects: storeRedirects(redirects) } : {}),
  });

  // A year's digest weeks, with the nearest week on either side, for the 404 page of a week without articles.
  const years = new Map<string, WeekEnd[]>();
  for (const w of render.weeks) addTo(years, w[0].slice(0, 4), w);
  for (const [year, paths] of byGroup.get("w") ?? []) {
    const inYear = years.get(year) ?? [];
    const newest = render.weeks.indexOf(inYear[0] as WeekEnd);
    const oldest = render.weeks.indexOf(inYear.at(-1) as WeekEnd);
    const after = newest > 0 ? [render.weeks[newest - 1] as WeekEnd] : [];
    const before = oldest >= 0 && oldest + 1 < render.weeks.length ? [render.weeks[oldest + 1] as WeekEnd] : [];
    head.w[year] = await storeShard({
      site: shardSite,
      routes: sorted(paths),
      weeks: [...after, ...inYear, ...before],
    });
  }

  const body = encodeHead(head);
  head.version = contentHashSync(body);
  const headText = encodeHead(head);
  return {
    head,
    headText,
    routes,
    scopes,
    values,
    largest,
    shards: shardValues.length,
    largestShard,
    oversize,
  };
}
