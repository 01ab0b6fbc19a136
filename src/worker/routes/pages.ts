// Every other pre-rendered route: home, articles, topics, authors, OPML, the icon, sitemaps.
import { Hono } from "hono";
import { parsePath } from "../../shared/routes.js";
import type { AppEnv } from "../env.js";
import { noLimit } from "../query.js";
import { serveStored } from "../served.js";

export const pageRoutes = new Hono<AppEnv>().get("*", noLimit, async (c) => {
  const route = parsePath(c.req.path);
  return route ? serveStored(c, route) : c.notFound();
});
