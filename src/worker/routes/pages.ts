// Every other pre-rendered route: home, articles, topics, authors, OPML, the icon, sitemaps.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { parsePath } from "../../shared/routes.js";
import type { AppEnv } from "../env.js";
import { serveStored } from "../served.js";

export const pageRoutes = new Hono<AppEnv>().get("*", async (c) => {
  if (c.req.query("limit") !== undefined)
    throw new HTTPException(400, { message: "limit applies to subscription feeds only, such as /feed.atom" });
  const route = parsePath(c.req.path);
  return route ? serveStored(c, route) : c.notFound();
});
