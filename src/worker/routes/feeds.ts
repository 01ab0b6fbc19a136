// Feed routes: the canonical documents come pre-rendered from KV; a non-default ?limit is rendered here, once, and cached.
import type { Context, Hono } from "hono";
// zod/mini: the same schemas, tree-shaken, so the Worker bundle carries kilobytes of zod rather than most of a megabyte.
import * as z from "zod/mini";
import { feedDocument, renderFeed } from "../../render/site-feeds.js";
import { absolute, FEED_MEDIA_TYPES, type FeedFormat } from "../../shared/paths.js";
import type { SiteIndex } from "../../shared/site-index.js";
import type { AppEnv } from "../app.js";
import { etagOf, plain, serve } from "../http.js";
import { readAllArticles, readIndex } from "../kv.js";

const FEED_PATH = /^\/(?:topics\/([a-z0-9-]+)\/)?feed\.(atom|rss|json)$/;

/** Query strings are input: checked here, at the edge. Unknown parameters (utm_…) are ignored. */
const LIMIT_MESSAGE = "limit must be a whole number from 1 to 100";
const feedQuery = z.object({
  limit: z.optional(
    z
      .pipe(z.string().check(z.regex(/^\d+$/, LIMIT_MESSAGE)), z.transform(Number))
      .check(z.refine((n) => n >= 1 && n <= 100, LIMIT_MESSAGE)),
  ),
});

/** Headers every feed gets: open CORS (feeds are public data read by web apps) and Link for self and hub (RFC 8288, WebSub §4). */
export function feedHeaders(index: SiteIndex, path: string): Record<string, string> {
  const links = [`<${absolute(index.site.origin, path)}>; rel="self"`];
  if (index.site.hub) links.push(`<${index.site.hub}>; rel="hub"`);
  return { "Access-Control-Allow-Origin": "*", Link: links.join(", ") };
}

async function renderedOnTheSpot(
  c: Context<AppEnv>,
  index: SiteIndex,
  format: FeedFormat,
  topicSlug: string | undefined,
  limit: number,
) {
  // The Cache API keeps this render for the version at this colo, so the next reader with the same URL costs no render.
  const cache = typeof caches === "undefined" ? undefined : caches.default;
  const cacheKey = new Request(`https://cache.dispatch.internal/${index.version}${c.req.path}?limit=${limit}`);
  const hit = await cache?.match(cacheKey);
  if (hit) {
    return {
      body: await hit.text(),
      contentType: FEED_MEDIA_TYPES[format],
      etag: hit.headers.get("ETag") ?? "",
      lastModified: hit.headers.get("X-Last-Modified") ?? "",
    };
  }
  const topic = topicSlug ? index.topics.find((t) => t.slug === topicSlug) : undefined;
  const all = await readAllArticles(c.env);
  const doc = feedDocument({
    site: index.site,
    scope: topic ? { kind: "topic", topic } : { kind: "site" },
    articles: all,
    format,
    limit,
  });
  const body = renderFeed(format, doc);
  const rep = { body, contentType: FEED_MEDIA_TYPES[format], etag: await etagOf(body), lastModified: doc.updated };
  c.executionCtx.waitUntil(
    cache?.put(
      cacheKey,
      new Response(body, {
        headers: { ETag: rep.etag, "X-Last-Modified": rep.lastModified, "Cache-Control": "max-age=86400" },
      }),
    ) ?? Promise.resolve(),
  );
  return rep;
}

export function feedRoutes(app: Hono<AppEnv>): void {
  app.get("*", async (c, next) => {
    const m = FEED_PATH.exec(c.req.path);
    if (!m) return next();
    if ((c.req.queries("limit")?.length ?? 0) > 1) return plain(400, "limit may be given once");
    const parsed = feedQuery.safeParse(c.req.query());
    if (!parsed.success) return plain(400, parsed.error.issues[0]?.message ?? "invalid query");
    const index = await readIndex(c.env);
    const limit = parsed.data.limit;
    if (limit === undefined || limit === index.site.feedSize || !index.routes[c.req.path]) return next();
    const rep = await renderedOnTheSpot(c, index, m[2] as FeedFormat, m[1], limit);
    return serve(c, rep, { headers: feedHeaders(index, `${c.req.path}?limit=${limit}`) });
  });
}
