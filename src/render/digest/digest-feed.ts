// The digest feeds (/digest/feed.*, /topics/{topic}/digest.*): one entry per finished week, its content the whole digest.

import type { Topic } from "../../shared/article.js";
import { digestFeedId } from "../../shared/ids.js";
import { absolute, type FeedFormat, paths, SITE, topicScope } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { rfc3339 } from "../../shared/time.js";
import { newestUpdated, twins } from "../feed-documents.js";
import type { FeedCategory, FeedDocument, FeedEntry } from "../feed-types.js";
import { articleCount } from "../html/format.js";
import { DigestBody } from "./parts.js";
import { type DigestPlan, type DigestWeek, leadStory, weekUpdated } from "./week-plan.js";
import { weekLabel } from "./words.js";

/** The week's digest as an HTML fragment with absolute URLs: what a feed reader shows as the entry. */
function digestFragment(plan: DigestPlan, week: DigestWeek): string {
  const href = (path: string) => absolute(plan.site.origin, path);
  return String(DigestBody({ plan, week, href, anchors: false }));
}

/** A finished week's entry in its plan's digest feed (the site's, or the plan's topic's). */
export function digestEntry(plan: DigestPlan, week: DigestWeek): FeedEntry {
  const { site } = plan;
  const feedId = digestFeedId(site.idAuthority, plan.topic ? topicScope(plan.topic.slug) : SITE);
  const lead = leadStory(week.articles);
  const label = weekLabel(week.week);
  const categories = new Map<string, FeedCategory>();
  for (const a of week.articles)
    for (const t of a.topics)
      categories.set(t.slug, { term: t.slug, label: t.label, scheme: absolute(site.origin, paths.topics()) });
  return {
    // The id names the week, never the content: a reader keeps one entry per week even as articles are corrected.
    id: `${feedId}/${week.name}`,
    title: plan.topic ? `${plan.topic.label}: the week of ${label}` : `The week of ${label}`,
    link: absolute(site.origin, paths.digestWeek(week.name)),
    published: rfc3339(week.end, site.timeZone),
    updated: weekUpdated(week, site.timeZone),
    authors: [site.author],
    categories: [...categories.values()].sort((a, b) => a.label.localeCompare(b.label, "en")),
    summary: `${articleCount(week.articles.length)} from ${label} (${week.name}). Lead story: ${lead?.title ?? ""}`,
    contentHtml: digestFragment(plan, week),
  };
}

/**
 * A digest feed as a format-neutral document, from its entries (newest first). A week in progress joins once it has
 * ended, so an entry, once published, does not grow. The Worker builds the same document from stored entries for a
 * ?limit, so the two agree.
 */
export function digestFeedDocument(
  site: SiteConfig,
  topic: Topic | undefined,
  format: FeedFormat,
  entries: FeedEntry[],
): FeedDocument {
  const scope = topic ? topicScope(topic.slug) : SITE;
  const url = (path: string) => absolute(site.origin, path);
  return {
    id: digestFeedId(site.idAuthority, scope),
    title: topic ? `${site.title}: ${topic.label}, weekly digest` : `${site.title} weekly digest`,
    subtitle: topic
      ? `Each finished week's articles on ${topic.label}, in one entry.`
      : "Each finished week's articles, in one entry.",
    language: site.language,
    self: url(paths.digestFeed(scope, format)),
    alternate: url(topic ? paths.topic(topic.slug) : paths.digestArchive()),
    alternates: twins(format, (f) => url(paths.digestFeed(scope, f))),
    ...(site.hub ? { hub: site.hub } : {}),
    author: site.author,
    icon: url(paths.icon()),
    updated: newestUpdated(site, entries),
    entries,
  };
}
