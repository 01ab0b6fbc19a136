// Digest routes: finished weeks read from KV (rendered by the cron, or here once), the rest rendered from the index.
import type { Context, Hono } from "hono";
import { renderDigestArchive } from "../../render/digest/archive.js";
import { digestFeedDocument } from "../../render/digest/feeds.js";
import { renderDigestBadWeek, renderDigestNotFound } from "../../render/digest/not-found.js";
import { type DigestPlan, latestWeek, lookupWeek, planDigest } from "../../render/digest/week-plan.js";
import { renderFeed } from "../../render/feeds.js";
import { currentWeek, formatWeek } from "../../shared/isoweek.js";
import { FEED_MEDIA_TYPES, type FeedFormat, HTML_TYPE, paths } from "../../shared/paths.js";
import type { SiteIndex } from "../../shared/site-index.js";
import type { AppEnv } from "../app.js";
import {
  later,
  readStoredDigest,
  renderStoredDigest,
  type StoredDigest,
  storedDigestKey,
  writeStoredDigest,
} from "../digest-store.js";
import { etagOf, type Representation, serve } from "../http.js";
import { memoized, readIndex } from "../kv.js";
import { feedHeaders, feedLimit } from "./feeds.js";

type Form = keyof StoredDigest;

/**
 * The digest's plan at this request's clock. Which weeks have finished changes only when a new week begins, so the
 * plan is kept per isolate under the current week's name, and rebuilt once a week.
 */
function planNow(env: Env, index: SiteIndex, topic?: string): Promise<{ plan: DigestPlan; key: string }> {
  const now = Date.now();
  const key = `${topic ?? ""}|${formatWeek(currentWeek(now, index.site.timeZone))}`;
  return memoized(env, `plan|${key}`, async () => ({ plan: planDigest(index, now, topic), key }));
}

/** Last-Modified of what depends on the clock: the version's publication, or the end of the newest finished week. */
function modifiedAt(index: SiteIndex, plan: DigestPlan): string {
  const finished = plan.weeks.find((w) => w.finished);
  return finished ? later(new Date(finished.end).toISOString(), index.publishedAt) : index.publishedAt;
}

async function rep(body: string, contentType: string, lastModified: string): Promise<Representation> {
  return { body, contentType, etag: await etagOf(body), lastModified };
}

/** A week's digest in one form: from KV when finished (rendering and storing it if the cron has not), else rendered here. */
async function weekDigest(c: Context<AppEnv>, name: string, form: Form): Promise<Response> {
  const index = await readIndex(c.env);
  const { plan, key } = await planNow(c.env, index);
  const found = lookupWeek(plan, name);
  if (found.kind === "malformed") {
    return serve(c, await rep(renderDigestBadWeek(plan, name), HTML_TYPE, index.publishedAt), { status: 400 });
  }
  if (found.kind !== "week") {
    return serve(c, await rep(renderDigestNotFound(plan, found), HTML_TYPE, index.publishedAt), { status: 404 });
  }
  const week = found.week;
  const digest = await memoized(c.env, `digest|${key}|${week.name}`, async () => {
    if (!week.finished) return renderStoredDigest(plan, week, index.publishedAt);
    const key = await storedDigestKey(index, plan, week);
    const stored = await readStoredDigest(c.env, key);
    if (stored) return stored;
    const rendered = await renderStoredDigest(plan, week, index.publishedAt);
    // Another isolate may store the same bytes at the same moment; KV allows one write a second per key, so a
    // refused write is harmless: the digest is stored either way.
    c.executionCtx.waitUntil(
      writeStoredDigest(c.env, key, rendered).catch((e: unknown) =>
        console.warn(`digest ${week.name}: not stored (${String(e)})`),
      ),
    );
    return rendered;
  });
  return serve(c, digest[form]);
}

async function digestFeed(c: Context<AppEnv>, format: FeedFormat, topic?: string): Promise<Response> {
  const limit = feedLimit(c);
  if (limit instanceof Response) return limit;
  const index = await readIndex(c.env);
  if (topic && !index.topics.some((t) => t.slug === topic)) return c.notFound();
  const { plan, key } = await planNow(c.env, index, topic);
  const feed = await memoized(c.env, `feed|${key}|${format}|${limit ?? ""}`, async () => {
    const doc = digestFeedDocument({
      index,
      now: plan.now,
      format,
      ...(topic ? { topic } : {}),
      ...(limit ? { limit } : {}),
    });
    return rep(renderFeed(format, doc), FEED_MEDIA_TYPES[format], modifiedAt(index, plan));
  });
  const path = topic ? paths.topicDigestFeed(topic, format) : paths.digestFeed(format);
  return serve(c, feed, { headers: feedHeaders(index, limit ? `${path}?limit=${limit}` : path) });
}

export function digestRoutes(app: Hono<AppEnv>): void {
  app.get("/digest", async (c) => {
    const index = await readIndex(c.env);
    const latest = latestWeek((await planNow(c.env, index)).plan);
    if (!latest) return c.notFound();
    // The same bytes as the permalink, whose canonical link the page carries.
    return weekDigest(c, latest.name, "page");
  });

  app.get("/digest/archive", async (c) => {
    const index = await readIndex(c.env);
    const { plan, key } = await planNow(c.env, index);
    const archive = await memoized(c.env, `archive|${key}`, () =>
      rep(renderDigestArchive(plan), HTML_TYPE, modifiedAt(index, plan)),
    );
    return serve(c, archive);
  });

  app.get("/digest/:file{feed\\.(?:atom|rss|json)}", (c) => digestFeed(c, c.req.param("file").slice(5) as FeedFormat));

  app.get("/topics/:topic/:file{digest\\.(?:atom|rss|json)}", (c) =>
    digestFeed(c, c.req.param("file").slice(7) as FeedFormat, c.req.param("topic")),
  );

  app.get("/digest/:week/email", (c) => weekDigest(c, c.req.param("week"), "email"));

  app.get("/digest/:file", (c) => {
    const file = c.req.param("file");
    return file.endsWith(".txt") ? weekDigest(c, file.slice(0, -4), "text") : weekDigest(c, file, "page");
  });
}
