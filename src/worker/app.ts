// The Hono app: middleware for methods, trailing slashes and the headers of each kind of response, then the routes.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { LinearRouter } from "hono/router/linear-router";
import { parsePath, pathOf } from "../shared/routes.js";
import type { AppEnv } from "./env.js";
import { ALLOW, PREFLIGHT_HEADERS, securityHeaders } from "./headers.js";
import { plain, SAFE_PATH } from "./http.js";
import { ContentUnavailable } from "./kv-reads.js";
import { digestRoutes } from "./routes/digest.js";
import { feedRoutes } from "./routes/feeds.js";
import { pageRoutes } from "./routes/pages.js";
import { notFound } from "./served.js";

// LinearRouter matches without building anything first; Hono's default (SmartRouter over RegExpRouter) compiles its
// matcher on an isolate's first request, ~6 ms of CPU measured in workerd, more than the rest of that request. With
// a handful of routes a linear scan costs nothing. https://hono.dev/docs/concepts/routers#linearrouter
export const app = new Hono<AppEnv>({ strict: true, router: new LinearRouter() });

app.use(securityHeaders);

// Only reading methods exist; anything else is 405 with Allow (RFC 9110 §15.5.6). Hono's methodNotAllowed answers
// only for paths it has routes for, and every path here is one catch-all, so the rule is written out.
app.use(async (c, next) => {
  const method = c.req.method;
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
  if (method !== "GET" && method !== "HEAD")
    return plain(405, `Method ${method} is not allowed here; use GET or HEAD.`, { Allow: ALLOW });
  await next();
});

/**
 * One URL per document. A trailing slash, or a percent-encoded character (RFC 3986 §6.2.2.2: `/t%6Fpics` is
 * `/topics`), is sent to the canonical path with 301; a path that is not then a route is 404. The Location is always
 * `pathOf` of a parsed route (a path of letters, digits, `-`, `.` and single slashes), never text from the request, so
 * no request can point it at another host or put a control character in a header (`/%09/evil.example/` once led
 * browsers to //evil.example). Hono's trimTrailingSlash builds it from the request URL.
 */

app.use(async (c, next) => {
  const url = new URL(c.req.url);
  const raw = url.pathname;
  const trailing = raw.length > 1 && raw.endsWith("/");
  if (!trailing && !raw.includes("%")) return next();
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return notFound(c);
  }
  const wanted = trailing ? decoded.replace(/\/+$/, "") : decoded;
  const route = parsePath(wanted);
  if (!route || pathOf(route) !== wanted || !SAFE_PATH.test(wanted)) return notFound(c);
  return new Response(null, {
    status: 301,
    headers: { Location: `${pathOf(route)}${url.search}`, "Cache-Control": "public, max-age=86400" },
  });
});

app.route("/", feedRoutes);
app.route("/", digestRoutes);
app.route("/", pageRoutes);

app.notFound(notFound);

/**
 * Causes this isolate has logged: `wrangler tail` shows each once, not once a request; missing content once in all
 * (its first cause says what to do; every other missing key has the same remedy).
 */
const logged = new Set<string>();

app.onError((err) => {
  if (err instanceof HTTPException && err.status === 400) return plain(400, err.message);
  if (err instanceof ContentUnavailable) {
    const cause = err.kind === "missing" ? "missing" : err.message;
    if (!logged.has(cause)) {
      if (logged.size < 100) logged.add(cause);
      console.error(`Dispatch cannot serve: ${err.message}`);
    }
    return err.kind === "missing"
      ? plain(503, "Nothing is published here yet: this site's content has not been uploaded.", {
          "Retry-After": "300",
        })
      : plain(503, "Dispatch's content is not available right now; please try again shortly.", {
          "Retry-After": "60",
        });
  }
  console.error(err);
  return plain(500, "Something went wrong on our side.");
});
