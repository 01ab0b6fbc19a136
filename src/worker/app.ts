// The Hono app: pre-rendered routes from KV, feeds with a custom ?limit rendered on the spot, the digest, and errors.
import { Hono } from "hono";
import { renderNotFoundPage } from "../render/html/not-found.js";
import { FEED_MEDIA_TYPES, HTML_TYPE } from "../shared/paths.js";
import { etagOf, plain, type Representation, serve } from "./http.js";
import { MissingContentError, readIndex, readRoute } from "./kv.js";
import { digestRoutes } from "./routes/digest.js";
import { feedHeaders, feedRoutes } from "./routes/feeds.js";

export type AppEnv = { Bindings: Env };

const ALLOW = "GET, HEAD, OPTIONS";

export const app = new Hono<AppEnv>({ strict: true });

// Only reading methods exist; anything else is 405 with Allow (RFC 9110 §15.5.6).
app.use("*", async (c, next) => {
  const method = c.req.method;
  if (method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: {
        Allow: ALLOW,
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": ALLOW,
        "Access-Control-Max-Age": "86400",
      },
    });
  }
  if (method !== "GET" && method !== "HEAD")
    return plain(405, `Method ${method} is not allowed here; use GET or HEAD.`, { Allow: ALLOW });
  await next();
});

// A trailing slash is a different URL; send readers to the one the pages link to.
app.use("*", async (c, next) => {
  const url = new URL(c.req.url);
  if (url.pathname.length > 1 && url.pathname.endsWith("/")) {
    url.pathname = url.pathname.replace(/\/+$/, "");
    return c.redirect(url.toString(), 301);
  }
  await next();
});

feedRoutes(app);
digestRoutes(app);

// Everything the build rendered: pages, feeds, OPML, archive documents.
app.get("*", async (c) => {
  const index = await readIndex(c.env);
  const path = c.req.path;
  const route = index.routes[path];
  if (!route) return c.notFound();
  const rep: Representation = { ...route, body: await readRoute(c.env, route) };
  const isFeed = Object.values(FEED_MEDIA_TYPES).includes(route.contentType) || path.endsWith(".opml");
  return serve(c, rep, { headers: isFeed ? feedHeaders(index, path) : {} });
});

app.notFound(async (c) => {
  const index = await readIndex(c.env);
  const body = renderNotFoundPage(index.site, `There is no page at ${c.req.path}.`);
  return serve(
    c,
    {
      body,
      contentType: HTML_TYPE,
      etag: await etagOf(body),
      lastModified: index.articles[0]?.updated ?? new Date(0).toISOString(),
    },
    { status: 404 },
  );
});

app.onError((err) => {
  if (err instanceof MissingContentError) {
    console.error(err.message);
    return plain(503, "Dispatch's content is not available right now; please try again shortly.", {
      "Retry-After": "60",
    });
  }
  console.error(err);
  return plain(500, "Something went wrong on our side.");
});
