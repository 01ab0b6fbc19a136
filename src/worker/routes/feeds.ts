// Feed routes: the canonical documents come pre-rendered from KV; a non-default ?limit is rendered here, once, and cached.
import type { Context, Hono } from "hono";
// zod/mini: the same schemas, tree-shaken, so the Worker bundle carries kilobytes of zod rather than most of a megabyte.
import * as z from "zod/mini";
import { feedDocument, renderFeed } from "../../render/site-feeds.js";
import { absolute, FEED_MEDIA_TYPES, type FeedFormat } from "../../shared/paths.js";
import type { SiteIndex } from "../../shared/site-index.js";
import type { AppEnv } from "../app.js";
import { etagOf, plain, type Representation, serve } from "../http.js";
import { readIndex, readRecent } from "../kv.js";

/** Subscription documents of the site and topic feeds, which take ?limit. */
const SUBSCRIPTION = /^\/(?:topics\/([a-z0-9-]+)\/)?feed\.(atom|rss|json)$/;
/** Digest feeds, which take ?limit too (handled by the digest routes). */
const DIGEST_FEED = /^\/(?:digest\/feed|topics\/[a-z0-9-]+\/digest)\.(?:atom|rss|json)$/;

const LIMIT_MESSAGE = "limit must be a whole number from 1 to 100";

/** Query strings are input: checked here, at the edge. Unknown parameters (utm_…) are ignored. */
const feedQuery = z.object({
  limit: z.optional(
    z
      .pipe(z.string().check(z.regex(/^\d+$/, LIMIT_MESSAGE)), z.transform(Number))
      .check(z.refine((n) => n >= 1 && n <= 100, LIMIT_MESSAGE)),
  ),
});

/** The ?limit of a feed request, checked; a Response (400) when it is not acceptable. */
export function feedLimit(c: Context<AppEnv>): number | undefined | Response {
  const given = c.req.queries("limit") ?? [];
  if (given.length === 0) return undefined;
  if (given.length > 1) return plain(400, "limit may be given once");
  if (!SUBSCRIPTION.test(c.req.path) && !DIGEST_FEED.test(c.req.path)) {
    return plain(400, "limit applies to subscription feeds only, such as /feed.atom");
  }
  const parsed = feedQuery.safeParse(c.req.query());
  return parsed.success ? parsed.data.limit : plain(400, parsed.error.issues[0]?.message ?? LIMIT_MESSAGE);
}

/** Headers every feed gets: open CORS (feeds are public data read by web apps) and Link for self and hub (RFC 8288, WebSub §4). */
export function feedHeaders(index: SiteIndex, path: string): Record<string, string> {
  const links = [`<${absolute(index.site.origin, path)}>; rel="self"`];
  if (index.site.hub) links.push(`<${index.site.hub}>; rel="hub"`);
  return { "Access-Control-Allow-Origin": "*", Link: links.join(", ") };
}

/** A subscription document with `limit` entries, rendered from the scope's newest 100 records and kept in the Cache API. */
async function renderedOnTheSpot(
  c: Context<AppEnv>,
  index: SiteIndex,
  format: FeedFormat,
  topicSlug: string | undefined,
  limit: number,
): Promise<Representation> {
  // The Cache API keeps this render at this colo, so the next reader of the same URL costs no render and no read.
  const cache = typeof caches === "undefined" ? undefined : caches.default;
  const cacheKey = new Request(`https://cache.dispatch.internal/${index.version}${c.req.path}?limit=${limit}`);
  const hit = await cache?.match(cacheKey);
  if (hit) {
    return {
      body: await hit.text(),
      contentType: FEED_MEDIA_TYPES[format],
      etag: hit.headers.get("ETag") ?? "",
      lastModified: index.publishedAt,
    };
  }
  const topic = topicSlug ? index.topics.find((t) => t.slug === topicSlug) : undefined;
  const doc = feedDocument({
    site: index.site,
    scope: topic ? { kind: "topic", topic } : { kind: "site" },
    articles: await readRecent(c.env, topic?.slug),
    total: topic ? topic.count : index.articles.length,
    format,
    limit,
  });
  const body = renderFeed(format, doc);
  const rep = {
    body,
    contentType: FEED_MEDIA_TYPES[format],
    etag: await etagOf(body),
    lastModified: index.publishedAt,
  };
  if (cache) {
    const stored = new Response(body, { headers: { ETag: rep.etag, "Cache-Control": "max-age=86400" } });
    c.executionCtx.waitUntil(cache.put(cacheKey, stored));
  }
  return rep;
}

export function feedRoutes(app: Hono<AppEnv>): void {
  app.get("*", async (c, next) => {
    const limit = feedLimit(c);
    if (limit instanceof Response) return limit;
    const m = SUBSCRIPTION.exec(c.req.path);
    if (!m || limit === undefined) return next();
    const index = await readIndex(c.env);
    if (limit === index.site.feedSize || !index.routes[c.req.path]) return next();
    const rep = await renderedOnTheSpot(c, index, m[2] as FeedFormat, m[1], limit);
    return serve(c, rep, { headers: feedHeaders(index, `${c.req.path}?limit=${limit}`) });
  });
}
