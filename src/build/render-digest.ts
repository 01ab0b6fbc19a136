// The weekly digest's routes: every week's page, email and text, /digest, the archive of weeks and the digest feeds.
// Only the build's own week depends on the clock: while it runs it is "in progress" and out of the feeds, and when it
// ends (with no new build, there is no new article) it is final. Both forms are rendered now, and the Worker picks one
// by its clock.
import { renderDigestArchive } from "../render/digest/archive.js";
import { digestEntry } from "../render/digest/digest-feed.js";
import { adjacentWeeks, type DigestPlan, latestWeek, planDigest } from "../render/digest/week-plan.js";
import type { TopicCount } from "../shared/article.js";
import { FEED_FORMATS, type FeedFormat, type Scope, SITE, topicScope } from "../shared/routes.js";
import type { WeekEnd } from "../shared/stored-version.js";
import type { ArticleInfo } from "./articles.js";
import type { Rendered, ScopeDraft, SiteRenderer } from "./site-renderer.js";
import type { Ref } from "./value-store.js";

/** The build's digest plan, and the plan after the build's week ends (the same plan when that week has no articles). */
interface Plans {
  before: DigestPlan;
  after: DigestPlan;
  /** When the build's week ends (epoch ms), if it has articles. */
  switchAt: number | undefined;
}

/** A render of both plans: one value when they agree, a switch at the week's end when they do not. */
async function renderBothPlans(plans: Plans, render: (plan: DigestPlan) => Promise<Ref>): Promise<Rendered> {
  const { before, after, switchAt } = plans;
  const [a, b] = await Promise.all([render(before), switchAt === undefined ? undefined : render(after)]);
  return !b || switchAt === undefined || a[0] === b[0] ? a : { before: a, switchAt, after: b };
}

/** Every digest route; returns the weeks and each scope's digest feed entry ("" for the site's). */
export async function renderDigest(
  r: SiteRenderer,
  topics: readonly TopicCount[],
  byTopic: ReadonlyMap<string, ArticleInfo[]>,
): Promise<{ weeks: WeekEnd[]; feeds: Map<string, ScopeDraft["digest"]> }> {
  const { site, summaries } = r;
  const before = planDigest(site, summaries, r.options.now);
  // When the build's week has articles, it ends at `switchAt`; the plan after that instant has every week final.
  const switchAt = before.weeks.find((w) => !w.finished)?.end;
  const plans: Plans = {
    before,
    after: switchAt === undefined ? before : planDigest(site, summaries, switchAt),
    switchAt,
  };
  await renderWeeks(r, plans);
  await r.add(
    { kind: "digest-archive" },
    renderBothPlans(plans, async (plan) => r.put(renderDigestArchive(plan))),
  );
  const feeds = new Map<string, ScopeDraft["digest"]>();
  feeds.set("", await renderDigestFeeds(r, plans, SITE));
  for (const t of topics)
    feeds.set(t.slug, await renderDigestFeeds(r, plans, topicScope(t.slug), t, byTopic.get(t.slug) ?? []));
  return { weeks: plans.after.weeks.map((w) => [w.name, Math.floor(w.end / 1000)]), feeds };
}

/** Each week's page, email and text, and /digest: the latest finished week's page (or the one in progress). */
async function renderWeeks(r: SiteRenderer, plans: Plans): Promise<void> {
  const pageRefs = new Map<string, Promise<Rendered>>();
  for (const week of plans.after.weeks) {
    for (const form of ["page", "email", "text"] as const) {
      const rendered = renderBothPlans(plans, (plan) => {
        const w = plan.weeks.find((x) => x.name === week.name) ?? week;
        // What a week's digest shows: the week, and the neighbouring weeks its page links to.
        const { previous, next } = adjacentWeeks(plan.weeks, week.name);
        const near = [next, w, previous].filter((x) => x !== undefined);
        return r.render({ kind: "digest-week", form, plan: { ...plan, weeks: near }, week: week.name });
      });
      if (form === "page") pageRefs.set(week.name, rendered);
      await r.add({ kind: "digest-week", week: week.name, form }, rendered);
    }
  }
  const { switchAt } = plans;
  const latestBefore = latestWeek(plans.before.weeks);
  const latestAfter = latestWeek(plans.after.weeks);
  if (!latestBefore || !latestAfter) return;
  const pick = async (name: string, which: "before" | "after"): Promise<Ref> => {
    const rendered = (await pageRefs.get(name)) as Rendered;
    return Array.isArray(rendered) ? rendered : rendered[which];
  };
  const a = await pick(latestBefore.name, "before");
  const b = await pick(latestAfter.name, "after");
  await r.add({ kind: "digest" }, switchAt === undefined || a[0] === b[0] ? a : { before: a, switchAt, after: b });
}

/**
 * A scope's digest feeds. Their entries are stored one a week (the Worker renders a ?limit from them): the newest
 * feedSize finished weeks once the build's week has ended, and before that the same less the build's week.
 */
async function renderDigestFeeds(
  r: SiteRenderer,
  plans: Plans,
  scope: Scope,
  topic?: TopicCount,
  topicArticles: readonly ArticleInfo[] = [],
): Promise<ScopeDraft["digest"]> {
  const { site, options } = r;
  const { switchAt } = plans;
  // A topic's own articles, not all of them: planning filters by topic, and 40 topics × 100,000 articles cost a second.
  const plan = topic
    ? planDigest(
        site,
        topicArticles.map((a) => a.summary),
        switchAt ?? options.now,
        topic,
      )
    : plans.after;
  const finished = plan.weeks.filter((w) => w.finished);
  const pending = switchAt !== undefined && finished[0]?.end === switchAt;
  const weeks = finished.slice(0, site.feedSize + (pending ? 1 : 0));
  const entries = await Promise.all(
    weeks.map((w) =>
      r.memoized(["digest-entry", topic ?? null, w], () => options.store.put(JSON.stringify(digestEntry(plan, w)))),
    ),
  );
  const hashes = entries.map(([hash]) => hash);
  const feedOf = (format: FeedFormat, shown: string[]) =>
    r.memoized(["digest-feed", topic ?? null, format, shown], () =>
      r.renderUnmemoized({
        kind: "digest-feed",
        format,
        ...(topic ? { topic: { slug: topic.slug, label: topic.label } } : {}),
        entries: shown.map((h) => options.store.getText(h)),
      }),
    );
  for (const format of FEED_FORMATS) {
    const afterRef = feedOf(format, hashes.slice(0, site.feedSize));
    const rendered: Promise<Rendered> = pending
      ? Promise.all([feedOf(format, hashes.slice(1, site.feedSize + 1)), afterRef]).then(([a, b]) => ({
          before: a,
          switchAt: switchAt as number,
          after: b,
        }))
      : afterRef;
    await r.add({ kind: "digest-feed", scope, format }, rendered);
  }
  return { entries: hashes, ...(pending ? { switchAt: Math.floor((switchAt as number) / 1000) } : {}) };
}
