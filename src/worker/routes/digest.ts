// Digest routes: every week's pages are pre-rendered; a week that is no week (400) or has no articles (404) gets a
// page rendered here from the weeks its year's shard lists.
import { Hono } from "hono";
import { renderDigestBadWeek, renderDigestNotFound, type WeekIndex } from "../../render/digest/not-found.js";
import { missingWeek, type WeekRef } from "../../render/digest/week-plan.js";
import { parseWeek, weekOfInstant } from "../../shared/isoweek.js";
import { parsePath, type Route } from "../../shared/routes.js";
import type { Shard, WeekEnd } from "../../shared/stored-version.js";
import type { AppEnv } from "../env.js";
import { errorPage } from "../http.js";
import { readHead, readShard } from "../kv-reads.js";
import { noLimit } from "../query.js";
import { serveEntry, serveStored, siteShard } from "../served.js";

/** A shard's weeks as the 404 and 400 pages need them: finished or not, by the clock. */
const weekRefs = (weeks: WeekEnd[] = [], now: number): WeekRef[] =>
  weeks.map(([name, end]) => ({ name, finished: now >= end * 1000 }));

/** The shard that lists the weeks nearest `year`: its own, or the nearest year's that has articles. */
async function weeksNear(env: Env, year: string): Promise<Shard | null> {
  const years = Object.keys((await readHead(env)).w).sort();
  const nearest = years.includes(year) ? year : (years.filter((y) => y < year).at(-1) ?? years.find((y) => y > year));
  return nearest ? readShard(env, "w", nearest) : null;
}

export const digestRoutes = new Hono<AppEnv>().get("/digest/*", noLimit, async (c) => {
  const route = parsePath(c.req.path);
  if (!route) return c.notFound();
  if (route.kind !== "digest-week") return serveStored(c, route);
  // A week with a digest: its year's shard, then its bytes. Only a week without one reads the site's shard too.
  if (parseWeek(route.week)) {
    const found = await serveWeek(c, route);
    if (found) return found;
  }
  const now = Date.now();
  const site = await siteShard(c);
  const current = weekOfInstant(now, site.site.timeZone);
  if (!parseWeek(route.week)) {
    const index: WeekIndex = { site: site.site, current, weeks: weekRefs(site.weeks, now) };
    return errorPage(400, renderDigestBadWeek(index, route.week), site.site);
  }
  const shard = await weeksNear(c.env, route.week.slice(0, 4));
  const weeks = weekRefs(shard?.weeks, now);
  const index: WeekIndex = { site: site.site, current, weeks };
  return errorPage(404, renderDigestNotFound(index, missingWeek(current, route.week)), site.site);
});

/** A week's pre-rendered page, email or text, or undefined when the week has none. */
async function serveWeek(c: Parameters<typeof serveStored>[0], route: Route & { kind: "digest-week" }) {
  const shard = await readShard(c.env, "w", route.week.slice(0, 4));
  if (!shard?.routes[c.req.path]) return undefined;
  return serveEntry(c, route, shard, shard.site);
}
