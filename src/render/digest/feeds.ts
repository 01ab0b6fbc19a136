// The digest feeds (/digest/feed.*, /topics/{topic}/digest.*): one entry per finished week, its content the whole digest.
import { absolute, FEED_FORMATS, type FeedFormat, feedType, paths } from "../../shared/paths.js";
import { rfc3339 } from "../../shared/time.js";
import { tagUri } from "../entries.js";
import type { FeedCategory, FeedDocument, FeedEntry } from "../feed-types.js";
import { renderFeed } from "../feeds.js";
import { articleCount } from "../html/format.js";
import { DigestBody } from "./parts.js";
import {
  type DigestIndex,
  type DigestPlan,
  type DigestWeek,
  finishedWeeks,
  leadStory,
  planDigest,
  weekUpdated,
} from "./week-plan.js";

/** `updated` of a digest feed with no finished week yet: fixed, so the same content gives the same bytes. */
export const NO_FINISHED_WEEK = "1970-01-01T00:00:00Z";

export interface DigestFeedOptions {
  /** The SiteIndex, or the part of it the digest reads. */
  index: DigestIndex;
  /** Epoch ms: weeks that have not ended by then stay out. */
  now: number;
  format: FeedFormat;
  /** A topic slug: that topic's digest, made of its articles only. */
  topic?: string;
  /** Entries to include, newest weeks first; the site's feedSize when absent. */
  limit?: number;
}

/** The path of a digest feed in a format, site-wide or for one topic. */
export function digestFeedPath(format: FeedFormat, topic?: string): string {
  return topic === undefined ? paths.digestFeed(format) : paths.topicDigestFeed(topic, format);
}

/** The week's digest as an HTML fragment with absolute URLs: what a feed reader shows as the entry. */
export function digestFragment(plan: DigestPlan, week: DigestWeek): string {
  const href = (path: string) => absolute(plan.site.origin, path);
  return String(DigestBody({ plan, week, href, anchors: false }));
}

function entryFor(plan: DigestPlan, feedId: string, week: DigestWeek): FeedEntry {
  const { site } = plan;
  const lead = leadStory(week.articles);
  const categories = new Map<string, FeedCategory>();
  for (const a of week.articles)
    for (const t of a.topics)
      categories.set(t.slug, { term: t.slug, label: t.label, scheme: absolute(site.origin, paths.topics()) });
  return {
    // The id names the week, never the content: a reader keeps one entry per week even as articles are corrected.
    id: `${feedId}/${week.name}`,
    title: plan.topic ? `${plan.topic.label}: the week of ${week.label}` : `The week of ${week.label}`,
    link: absolute(site.origin, paths.digestWeek(week.name)),
    published: rfc3339(week.end, site.timeZone),
    updated: weekUpdated(week, site.timeZone),
    authors: [site.author],
    categories: [...categories.values()].sort((a, b) => a.label.localeCompare(b.label, "en")),
    summary: `${articleCount(week.articles.length)} from ${week.label} (${week.name}). Lead story: ${lead?.title ?? ""}`,
    contentHtml: digestFragment(plan, week),
  };
}

/**
 * The digest feed as a format-neutral document: finished weeks only, newest first, at most `limit`.
 * A week in progress joins once it has ended, so an entry, once published, does not grow.
 */
export function digestFeedDocument({ index, now, format, topic, limit }: DigestFeedOptions): FeedDocument {
  const plan = planDigest(index, now, topic);
  const { site } = plan;
  const url = (path: string) => absolute(site.origin, path);
  // Beside the site feed's "feed" and a topic feed's "topic/{slug}" (src/render/entries.ts).
  const id = tagUri(site, topic === undefined ? "digest" : `topic/${topic}/digest`);
  const weeks = finishedWeeks(plan).slice(0, limit ?? site.feedSize);
  const entries = weeks.map((w) => entryFor(plan, id, w));
  let updated = entries[0]?.updated ?? NO_FINISHED_WEEK;
  for (const e of entries) if (Date.parse(e.updated) > Date.parse(updated)) updated = e.updated;
  const name = plan.topic ? `${site.title}: ${plan.topic.label}, weekly digest` : `${site.title} weekly digest`;
  return {
    id,
    title: name,
    subtitle: plan.topic
      ? `Each finished week's articles on ${plan.topic.label}, in one entry.`
      : "Each finished week's articles, in one entry.",
    language: site.language,
    self: url(digestFeedPath(format, topic)),
    alternate: url(topic === undefined ? paths.digestArchive() : paths.topic(topic)),
    alternates: FEED_FORMATS.filter((f) => f !== format).map((f) => ({
      href: url(digestFeedPath(f, topic)),
      type: feedType(f),
    })),
    ...(site.hub ? { hub: site.hub } : {}),
    author: site.author,
    icon: url(paths.icon()),
    updated,
    entries,
  };
}

/** The digest feed's bytes in `format`. */
export function renderDigestFeed(options: DigestFeedOptions): string {
  return renderFeed(options.format, digestFeedDocument(options));
}
