// Digest routes: finished weeks read from KV (rendered by the cron, or here once), the rest rendered from the index.
import type { Context, Hono } from "hono";
import { renderDigestArchive } from "../../render/digest/archive.js";
import { digestFeedDocument } from "../../render/digest/feeds.js";
import { renderDigestBadWeek, renderDigestNotFound } from "../../render/digest/not-found.js";
import { type DigestPlan, latestWeek, lookupWeek, planDigest } from "../../render/digest/week-plan.js";
import { renderFeed } from "../../render/feeds.js";
import { FEED_MEDIA_TYPES, type FeedFormat, HTML_TYPE, paths } from "../../shared/paths.js";
import type { SiteIndex } from "../../shared/site-index.js";
import type { AppEnv } from "../app.js";
import { readStoredDigest, renderStoredDigest, type StoredDigest, writeStoredDigest } from "../digest-store.js";
import { etagOf, type Representation, serve } from "../http.js";
import { memoized, readIndex } from "../kv.js";
import { feedHeaders } from "./feeds.js";

type Form = keyof StoredDigest;

/** The clock, read once per request; the week in progress and what has finished depend on it. */
const nowOf = () => Date.now();

/** The plan for this request, kept per isolate for the week in progress (it changes only when a week ends). */
function planFor(env: Env, index: SiteIndex, now: number, topic?: string): Promise<DigestPlan> {
  const plan = planDigest(index, now, topic);
  return memoized(
    env,
    `plan|${topic ?? ""}|${plan.current}|${plan.weeks.filter((w) => w.finished).length}`,
    async () => plan,
  );
}

async function rep(body: string, contentType: string, lastModified: string): Promise<Representation> {
  return { body, contentType, etag: await etagOf(body), lastModified };
}

/** A week's digest in one form: from KV when finished (rendering and storing it if the cron has not), else rendered here. */
async function weekDigest(c: Context<AppEnv>, plan: DigestPlan, name: string, form: Form): Promise<Response> {
  const found = lookupWeek(plan, name);
  if (found.kind === "malformed")
    return serve(
      c,
      await rep(
        renderDigestBadWeek(plan, name),
        HTML_TYPE,
        plan.weeks[0]?.articles[0]?.updated ?? "1970-01-01T00:00:00Z",
      ),
      { status: 400 },
    );
  if (found.kind !== "week") {
    const body = renderDigestNotFound(plan, found);
    return serve(c, await rep(body, HTML_TYPE, "1970-01-01T00:00:00Z"), { status: 404 });
  }
  const week = found.week;
  const digest = await memoized(c.env, `digest|${week.name}|${week.finished}`, async () => {
    if (!week.finished) return renderStoredDigest(plan, week);
    const stored = await readStoredDigest(c.env, week.name);
    if (stored) return stored;
    const rendered = await renderStoredDigest(plan, week);
    c.executionCtx.waitUntil(writeStoredDigest(c.env, week.name, rendered));
    return rendered;
  });
  return serve(c, digest[form]);
}

function digestFeed(c: Context<AppEnv>, index: SiteIndex, format: FeedFormat, topic?: string) {
  return memoized(
    c.env,
    `feed|${topic ?? ""}|${format}|${planDigest(index, nowOf(), topic).weeks.filter((w) => w.finished).length}`,
    async () => {
      const doc = digestFeedDocument({ index, now: nowOf(), format, ...(topic ? { topic } : {}) });
      return rep(renderFeed(format, doc), FEED_MEDIA_TYPES[format], doc.updated);
    },
  );
}

export function digestRoutes(app: Hono<AppEnv>): void {
  app.get("/digest", async (c) => {
    const index = await readIndex(c.env);
    const plan = await planFor(c.env, index, nowOf());
    const latest = latestWeek(plan);
    if (!latest) return c.notFound();
    // The same bytes as the permalink, whose canonical link the page carries.
    return weekDigest(c, plan, latest.name, "page");
  });

  app.get("/digest/archive", async (c) => {
    const index = await readIndex(c.env);
    const plan = await planFor(c.env, index, nowOf());
    const last = plan.weeks[0]?.articles[0]?.updated ?? "1970-01-01T00:00:00Z";
    const archive = await memoized(
      c.env,
      `archive|${plan.current}|${plan.weeks.filter((w) => w.finished).length}`,
      () => rep(renderDigestArchive(plan), HTML_TYPE, last),
    );
    return serve(c, archive);
  });

  app.get("/digest/:file{feed\\.(?:atom|rss|json)}", async (c) => {
    const index = await readIndex(c.env);
    const format = c.req.param("file").slice(5) as FeedFormat;
    return serve(c, await digestFeed(c, index, format), { headers: feedHeaders(index, paths.digestFeed(format)) });
  });

  app.get("/topics/:topic/:file{digest\\.(?:atom|rss|json)}", async (c) => {
    const index = await readIndex(c.env);
    const topic = c.req.param("topic");
    if (!index.topics.some((t) => t.slug === topic)) return c.notFound();
    const format = c.req.param("file").slice(7) as FeedFormat;
    return serve(c, await digestFeed(c, index, format, topic), {
      headers: feedHeaders(index, paths.topicDigestFeed(topic, format)),
    });
  });

  app.get("/digest/:week/email", async (c) => {
    const index = await readIndex(c.env);
    return weekDigest(c, await planFor(c.env, index, nowOf()), c.req.param("week"), "email");
  });

  app.get("/digest/:file", async (c) => {
    const index = await readIndex(c.env);
    const plan = await planFor(c.env, index, nowOf());
    const file = c.req.param("file");
    return file.endsWith(".txt") ? weekDigest(c, plan, file.slice(0, -4), "text") : weekDigest(c, plan, file, "page");
  });
}
