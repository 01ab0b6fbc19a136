// The Hono app: middleware for methods, trailing slashes and the headers of each kind of response, then the routes.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { LinearRouter } from "hono/router/linear-router";
import { ContentUnavailable } from "./content.js";
import type { AppEnv } from "./env.js";
import { securityHeaders } from "./headers.js";
import { plain } from "./http.js";
import { digestRoutes } from "./routes/digest.js";
import { feedRoutes } from "./routes/feeds.js";
import { pageRoutes } from "./routes/pages.js";
import { notFound } from "./served.js";

const ALLOW = "GET, HEAD, OPTIONS";

// LinearRouter matches without building anything first; Hono's default (SmartRouter over RegExpRouter) compiles its
// matcher on an isolate's first request, ~6 ms of CPU measured in workerd, more than the rest of that request. With
// a handful of routes a linear scan costs nothing. https://hono.dev/docs/concepts/routers#linearrouter
export const app = new Hono<AppEnv>({ strict: true, router: new LinearRouter() });

app.use(securityHeaders);

// Only reading methods exist; anything else is 405 with Allow (RFC 9110 §15.5.6). Hono's methodNotAllowed answers
// only for paths it has routes for, and every path here is one catch-all, so the rule is written out.
app.use(async (c, next) => {
  const method = c.req.method;
  if (method === "OPTIONS")
    return new Response(null, {
      status: 204,
      headers: {
        Allow: ALLOW,
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": ALLOW,
        "Access-Control-Max-Age": "86400",
      },
    });
  if (method !== "GET" && method !== "HEAD")
    return plain(405, `Method ${method} is not allowed here; use GET or HEAD.`, { Allow: ALLOW });
  await next();
});

/**
 * A trailing slash is a different URL; send readers to the one the pages link to. The Location is a path, never a
 * URL built from the request's Host, and one slash starts it however many the request had, so no request can turn
 * it into another host (//evil.example/ → /evil.example). Hono's trimTrailingSlash builds it from the request URL.
 */
app.use(async (c, next) => {
  const path = c.req.path;
  if (path.length > 1 && path.endsWith("/")) {
    const target = `/${path.replace(/^[/\\]+/, "").replace(/\/+$/, "")}`;
    return new Response(null, { status: 301, headers: { Location: target, "Cache-Control": "public, max-age=86400" } });
  }
  await next();
});

app.route("/", feedRoutes);
app.route("/", digestRoutes);
app.route("/", pageRoutes);

app.notFound(notFound);

app.onError((err) => {
  if (err instanceof HTTPException && err.status === 400) return plain(400, err.message);
  if (err instanceof ContentUnavailable) {
    console.error(err.message);
    return plain(503, "Dispatch's content is not available right now; please try again shortly.", {
      "Retry-After": "60",
    });
  }
  console.error(err);
  return plain(500, "Something went wrong on our side.");
});
