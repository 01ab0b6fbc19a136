// What a route serves: its pre-rendered bytes through its shard, or the 404 page when it has none.
import type { Context } from "hono";
import { escapeMarkup } from "../shared/escape.js";
import { addressKey, documentKindOf, mediaTypeOf, parsePath, pathOf, type Route } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import { groupOf, type RouteEntry, type Shard, type Stored, storedAt } from "../shared/stored-version.js";
import type { AppEnv } from "./env.js";
import { siteHeaders } from "./headers.js";
import { errorPage, SAFE_PATH, serve, storedRepresentation } from "./http.js";
import { ContentUnavailable, forgetShard, readBody, readJsonValues, readShard, rendered } from "./kv-reads.js";

/** The shard of a route, and the site configuration it carries (the site shard's, when the route has no shard). */
export async function shardOf(c: Context<AppEnv>, route: Route): Promise<{ shard: Shard | null; site: SiteConfig }> {
  const { group, key } = groupOf(route);
  const shard = await readShard(c.env, group, key);
  const site = shard?.site ?? (await siteShard(c)).site;
  return { shard, site };
}

/** The site shard, which every version has. */
export async function siteShard(c: Context<AppEnv>): Promise<Shard> {
  const shard = await readShard(c.env, "s", "");
  if (!shard) throw new ContentUnavailable("the head names no site shard");
  return shard;
}

/**
 * Where an old site's address (an article's `aliases`, a common feed address) moved to, or undefined. The table is
 * read only for requests that are no route, and kept by the isolate like a rendered document.
 */
async function movedTo(c: Context<AppEnv>, shard: Shard): Promise<string | undefined> {
  const stored = shard.redirects;
  if (!stored) return undefined;
  const table: Record<string, unknown> =
    typeof stored !== "string"
      ? stored
      : await rendered(
          c.env,
          `redirects|${stored}`,
          async () => (await readJsonValues(c.env, [stored]))[0] as Record<string, unknown>,
          (t) => JSON.stringify(t).length,
        );
  const target = table[addressKey(new URL(c.req.url).pathname)];
  return typeof target === "string" && SAFE_PATH.test(target) ? target : undefined;
}

/**
 * A file kept in content/ (a picture, a PDF) at the request's path, or undefined. Looked up only for a path that is
 * no route's shape (the build serves no file at one), in the shard its path picks: so a missing article or topic
 * costs no read more than it did, and a file one read for its shard, kept by the isolate like any shard.
 */
async function siteFile(c: Context<AppEnv>): Promise<Response | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(c.req.url).pathname);
  } catch {
    return undefined;
  }
  if (parsePath(path)) return undefined;
  const route: Route = { kind: "file", path };
  const { shard, site } = await shardOf(c, route);
  return shard?.routes[path] === undefined ? undefined : serveEntry(c, route, shard, site);
}

/**
 * The 404 page, on the site's look, saying what was not there: the build rendered it, the path goes in between. An
 * old site's address answers 301 to where it moved instead, cached for a day like the Worker's other redirects.
 */
export async function notFound(c: Context<AppEnv>): Promise<Response> {
  const file = await siteFile(c);
  if (file) return file;
  const shard = await siteShard(c);
  const target = await movedTo(c, shard);
  if (target)
    return new Response(null, {
      status: 301,
      headers: { Location: target, "Cache-Control": "public, max-age=86400", ...siteHeaders(shard.site) },
    });
  const page = shard.notFound;
  if (!page) throw new ContentUnavailable("the site shard has no 404 page");
  return errorPage(404, `${page[0]}${escapeMarkup(c.req.path)}${page[1]}`, shard.site);
}

/** A route's pre-rendered bytes: one read for its shard, one for the bytes, none for either once this isolate has them. */
export async function serveStored(c: Context<AppEnv>, route: Route): Promise<Response> {
  const { shard, site } = await shardOf(c, route);
  return serveEntry(c, route, shard, site);
}

const isStored = (v: unknown): v is Stored =>
  Array.isArray(v) &&
  v.length === 3 &&
  typeof v[0] === "string" &&
  typeof v[1] === "number" &&
  typeof v[2] === "number";

/** A route entry as the build writes it (stored-version.ts `RouteEntry`): bytes, or bytes until an instant and after it. */
const isRouteEntry = (v: unknown): v is RouteEntry =>
  isStored(v) || (Array.isArray(v) && v.length === 3 && isStored(v[0]) && typeof v[1] === "number" && isStored(v[2]));

/** A route's pre-rendered bytes from its shard, already read; the 404 page when the shard has no such route. */
export async function serveEntry(
  c: Context<AppEnv>,
  route: Route,
  shard: Shard | null,
  site: SiteConfig,
): Promise<Response> {
  const path = pathOf(route);
  const entry = shard?.routes[path];
  if (entry === undefined || !shard) return notFound(c);
  if (!isRouteEntry(entry)) {
    await forgetShard(c.env, shard);
    throw new ContentUnavailable(`the shard's entry for ${path} is not a route entry`);
  }
  const stored = storedAt(entry, Date.now());
  const body = await readBody(c.env, stored[0]);
  const kind = documentKindOf(route);
  const rep = storedRepresentation(stored, body, mediaTypeOf(route));
  return serve(c, rep, kind === "feed" ? { kind, site, self: path } : { kind, site });
}
