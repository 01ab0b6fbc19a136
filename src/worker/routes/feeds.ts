// Feed routes: subscription documents pre-rendered, or rendered on request from stored entries (a ?limit, an author's
// feed); archive documents and digest feeds.
import { Hono } from "hono";
import { digestFeedDocument } from "../../render/digest/digest-feed.js";
import { renderFeed } from "../../render/feed-adapter.js";
import { archiveFormatsOf, prerenderedFormatsOf, subscriptionDocument } from "../../render/feed-documents.js";
import type { FeedDocument, FeedEntry } from "../../render/feed-types.js";
import { contentHash } from "../../shared/hash.js";
import { FEED_FORMATS, FEED_MEDIA_TYPES, parsePath, type Route } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import type { ScopeEntry } from "../../shared/stored-version.js";
import type { AppEnv } from "../env.js";
import { type Representation, serve } from "../http.js";
import { ContentUnavailable, readJsonValues, rendered } from "../kv-reads.js";
import { limitNotHere, limitOf } from "../query.js";
import { notFound, serveEntry, serveStored, shardOf } from "../served.js";

/** `text` gzip-compressed by the runtime's CompressionStream (native code, so it costs the isolate little CPU). */
async function gzipped(text: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A document rendered on request: its bytes, ETag and the scope's Last-Modified, kept by the isolate. Compressed once,
 * as the build stores its documents, so a gzip client gets 100 entries in about an eighth of the bytes, and the
 * isolate keeps (and counts against its memory budget) the smaller copy.
 */
async function renderedFeed(
  env: Env,
  key: string,
  modified: number,
  make: () => Promise<FeedDocument>,
  route: Route & { kind: "feed" | "digest-feed" },
): Promise<Representation> {
  return rendered(
    env,
    key,
    async () => {
      const text = new TextEncoder().encode(renderFeed(route.format, await make()));
      return {
        body: await gzipped(text),
        contentType: FEED_MEDIA_TYPES[route.format],
        etag: `"${await contentHash(text)}"`,
        modified: modified * 1000,
      };
    },
    (rep) => rep.body.byteLength,
  );
}

/** The fields of a stored feed entry a document cannot be rendered without (the build writes every one). */
function feedEntries(values: Record<string, unknown>[]): FeedEntry[] {
  for (const v of values)
    if (
      !["id", "title", "link", "published", "updated", "summary"].every((f) => typeof v[f] === "string") ||
      !Array.isArray(v.authors) ||
      !Array.isArray(v.categories)
    )
      throw new ContentUnavailable(`a stored feed entry is not a feed entry: ${JSON.stringify(v).slice(0, 80)}`);
  return values as unknown as FeedEntry[];
}

/** A subscription document with `limit` entries, from the scope's newest stored entries. */
function subscription(env: Env, site: SiteConfig, route: Route & { kind: "feed" }, scope: ScopeEntry, limit: number) {
  const hashes = scope.recent.slice(0, limit);
  const archive = archiveFormatsOf(route.scope).includes(route.format) ? scope.archive : undefined;
  const key = `feed|${route.scope.kind}|${"slug" in route.scope ? route.scope.slug : ""}|${route.format}|${limit}|${scope.modified}`;
  return renderedFeed(
    env,
    key,
    scope.modified,
    async () =>
      subscriptionDocument({
        site,
        named: { scope: route.scope, ...(scope.name === undefined ? {} : { name: scope.name }) },
        format: route.format,
        entries: feedEntries(await readJsonValues(env, hashes)),
        limit,
        total: scope.total,
        ...(archive ? { newestArchive: { period: archive[0], page: archive[1] } } : {}),
        unarchived: scope.unarchived,
      }),
    route,
  );
}

/** A digest feed with `limit` entries, from the scope's stored week entries (the build's week once it has ended). */
function digest(env: Env, site: SiteConfig, route: Route & { kind: "digest-feed" }, scope: ScopeEntry, limit: number) {
  const stored = scope.digest ?? { entries: [] };
  const ended = stored.switchAt === undefined || Date.now() >= stored.switchAt * 1000;
  const hashes = stored.entries.slice(ended ? 0 : 1).slice(0, limit);
  const topic =
    route.scope.kind === "topic" ? { slug: route.scope.slug, label: scope.name ?? route.scope.slug } : undefined;
  const key = `digest|${topic?.slug ?? ""}|${route.format}|${limit}|${hashes.join(",")}`;
  return renderedFeed(
    env,
    key,
    scope.modified,
    async () => digestFeedDocument(site, topic, route.format, feedEntries(await readJsonValues(env, hashes))),
    route,
  );
}

/**
 * Feed files, by their suffix. Matched here rather than by a route pattern: Hono's LinearRouter ran the pattern
 * `.+\.(?:atom|rss|json)` unanchored, so routing cost grew with the square of the path's length (361 ms of CPU for a
 * 16,000-character path). An anchored suffix test costs one pass.
 */
const FEED_FILE = new RegExp(`\\.(?:${FEED_FORMATS.join("|")})$`);

export const feedRoutes = new Hono<AppEnv>().get("*", async (c, next) => {
  if (!FEED_FILE.test(c.req.path)) return next();
  const route = parsePath(c.req.path);
  const limit = limitOf(c);
  if (!route || (route.kind !== "feed" && route.kind !== "digest-feed")) {
    if (limit !== undefined) throw limitNotHere();
    return route ? serveStored(c, route) : c.notFound();
  }
  const { shard, site } = await shardOf(c, route);
  const shown = limit ?? site.feedSize;
  // The pre-rendered document, when there is one for what was asked.
  if (shown === site.feedSize && prerenderedFormatsOf(route.scope).includes(route.format))
    return serveEntry(c, route, shard, site);
  const key = route.scope.kind === "site" ? "" : route.scope.slug;
  const scope = shard?.scopes?.[key];
  if (!scope) return notFound(c);
  const rep =
    route.kind === "feed"
      ? await subscription(c.env, site, route, scope, shown)
      : await digest(c.env, site, route, scope, shown);
  const self = limit === undefined ? c.req.path : `${c.req.path}?limit=${limit}`;
  return serve(c, rep, { kind: "feed", site, self });
});
