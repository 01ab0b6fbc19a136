// Which weeks the digest shows and what each holds, decided from the index and the clock alone (no I/O).
//
// Lead story rule: the week's longest article by word count; a tie goes to the newest (latest
// `published` instant), and a tie on that to the slug that sorts first. Length is the one signal every
// article has, and it usually marks the most substantial report of the week.

import type { ArticleSummary, Topic } from "../../shared/article.js";
import {
  compareWeeks,
  currentWeek,
  formatWeek,
  type IsoWeek,
  isWeekFinished,
  parseWeek,
  weekBounds,
  weekDates,
} from "../../shared/isoweek.js";
import type { SiteConfig } from "../../shared/site.js";
import type { SiteIndex } from "../../shared/site-index.js";
import { rfc3339 } from "../../shared/time.js";
import { humanDate, MONTHS } from "../html/format.js";

/** What the digest needs of the index: a SiteIndex fits. */
export type DigestIndex = Pick<SiteIndex, "site" | "articles" | "weeks">;

/** A week that has articles, as the digest shows it. */
export interface DigestWeek {
  /** 2018-W29 */
  name: string;
  week: IsoWeek;
  /** YYYY-MM-DD */
  monday: string;
  sunday: string;
  /** "16–22 July 2018" */
  label: string;
  /** Epoch ms at which the week starts and ends (the next Monday 00:00) in the site's time zone. */
  start: number;
  end: number;
  /** True once the week has ended; only finished weeks go into the digest feeds. */
  finished: boolean;
  /** Newest first. */
  articles: ArticleSummary[];
  readingMinutes: number;
}

export interface DigestPlan {
  site: SiteConfig;
  now: number;
  /** Set when the plan holds only one topic's articles (the topic digest feeds). */
  topic?: Topic;
  /** The week in progress at `now` (it may have no articles). */
  current: string;
  /** Weeks with articles, up to and including the week in progress, newest first. */
  weeks: DigestWeek[];
}

/** Articles under one topic heading: each article sits under its first topic only. */
export interface TopicSection {
  /** Null for articles without topics. */
  topic: Topic | null;
  /** Newest first. */
  articles: ArticleSummary[];
}

/** How a requested week name resolves. */
export type WeekLookup =
  | { kind: "week"; week: DigestWeek }
  | { kind: "malformed" }
  | { kind: "empty"; name: string; label: string }
  | { kind: "future"; name: string; label: string };

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function dateParts(date: string): { year: number; month: string; day: number } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return { year: y, month: MONTHS[m - 1] ?? "", day: d };
}

/** "Monday 16 July 2018" for 2018-07-16. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
  return `${weekday} ${humanDate(date)}`;
}

/** "16–22 July 2018", "28 September – 4 October 2015", "28 December 2015 – 3 January 2016". */
export function weekRangeLabel(monday: string, sunday: string): string {
  const a = dateParts(monday);
  const b = dateParts(sunday);
  if (a.year !== b.year) return `${humanDate(monday)} – ${humanDate(sunday)}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${b.month} ${b.year}`;
}

/** The date-range label of a week name or IsoWeek. */
export function weekLabel(week: IsoWeek): string {
  const { monday, sunday } = weekDates(week);
  return weekRangeLabel(monday, sunday);
}

/** "1 minute", "45 minutes", "1 hour 5 minutes", "2 hours". */
export function minutesLabel(total: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (total < 60) return unit(total, "minute");
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? unit(h, "hour") : `${unit(h, "hour")} ${unit(m, "minute")}`;
}

const newestFirst = (a: ArticleSummary, b: ArticleSummary) =>
  Date.parse(b.published) - Date.parse(a.published) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** The lead story of a week: see the rule in this module's header. Undefined for no articles. */
export function leadStory(articles: readonly ArticleSummary[]): ArticleSummary | undefined {
  let lead: ArticleSummary | undefined;
  for (const a of articles) {
    if (!lead || a.wordCount > lead.wordCount || (a.wordCount === lead.wordCount && newestFirst(a, lead) < 0)) lead = a;
  }
  return lead;
}

/**
 * Groups articles under their first topic, each article once. Sections with more articles come first,
 * then by label; articles without topics come last. Articles keep their order (newest first).
 */
export function groupByFirstTopic(articles: readonly ArticleSummary[]): TopicSection[] {
  const bySlug = new Map<string, TopicSection>();
  const untopical: ArticleSummary[] = [];
  for (const a of articles) {
    const topic = a.topics[0];
    if (!topic) {
      untopical.push(a);
      continue;
    }
    const section = bySlug.get(topic.slug) ?? { topic, articles: [] };
    section.articles.push(a);
    bySlug.set(topic.slug, section);
  }
  const sections = [...bySlug.values()].sort(
    (x, y) => y.articles.length - x.articles.length || (x.topic?.label ?? "").localeCompare(y.topic?.label ?? "", "en"),
  );
  if (untopical.length > 0) sections.push({ topic: null, articles: untopical });
  return sections;
}

/**
 * What a week's digest shows: its lead, then every other article grouped by first topic; in a one-topic
 * plan the others stay together under that topic, since regrouping them by another topic would mislead.
 */
export function digestContents(plan: DigestPlan, week: DigestWeek): { lead: ArticleSummary; sections: TopicSection[] } {
  const lead = leadStory(week.articles);
  if (!lead) throw new Error(`digest week ${week.name} has no articles`);
  const rest = week.articles.filter((a) => a !== lead);
  if (!plan.topic) return { lead, sections: groupByFirstTopic(rest) };
  return { lead, sections: rest.length > 0 ? [{ topic: plan.topic, articles: rest }] : [] };
}

/** RFC 3339 instant of the week's last change: its end, or the newest article update if later. */
export function weekUpdated(week: DigestWeek, tz: string): string {
  let updated = rfc3339(week.end, tz);
  for (const a of week.articles) if (Date.parse(a.updated) > Date.parse(updated)) updated = a.updated;
  return updated;
}

function topicOf(index: DigestIndex, slug: string): Topic {
  for (const a of index.articles) {
    const t = a.topics.find((x) => x.slug === slug);
    if (t) return t;
  }
  return { slug, label: index.site.topics[slug]?.label ?? slug };
}

/**
 * The digest's weeks at `now`: the index's weeks that have articles (only `topic`'s, when given), up to
 * the week in progress. Later weeks (articles dated ahead) are left out until they come.
 */
export function planDigest(index: DigestIndex, now: number, topic?: string): DigestPlan {
  const tz = index.site.timeZone;
  const current = formatWeek(currentWeek(now, tz));
  const bySlug = new Map(index.articles.map((a) => [a.slug, a]));
  const weeks: DigestWeek[] = [];
  for (const summary of index.weeks) {
    const week = parseWeek(summary.week);
    if (!week) throw new Error(`index: week "${summary.week}" is not an ISO week name`);
    if (compareWeeks(summary.week, current) > 0) continue;
    const articles = summary.slugs
      .map((slug) => {
        const a = bySlug.get(slug);
        if (!a) throw new Error(`index: week ${summary.week} lists article "${slug}", which is not in the index`);
        return a;
      })
      .filter((a) => topic === undefined || a.topics.some((t) => t.slug === topic))
      .sort(newestFirst);
    if (articles.length === 0) continue;
    const { monday, sunday } = weekDates(week);
    const { start, end } = weekBounds(week, tz);
    weeks.push({
      name: summary.week,
      week,
      monday,
      sunday,
      label: weekRangeLabel(monday, sunday),
      start,
      end,
      finished: isWeekFinished(week, now, tz),
      articles,
      readingMinutes: articles.reduce((sum, a) => sum + a.readingMinutes, 0),
    });
  }
  weeks.sort((a, b) => compareWeeks(b.name, a.name));
  return {
    site: index.site,
    now,
    current,
    weeks,
    ...(topic === undefined ? {} : { topic: topicOf(index, topic) }),
  };
}

/** Finished weeks, newest first: the digest feeds' entries. */
export function finishedWeeks(plan: DigestPlan): DigestWeek[] {
  return plan.weeks.filter((w) => w.finished);
}

/** The week in progress, when it has articles. */
export function weekInProgress(plan: DigestPlan): DigestWeek | undefined {
  return plan.weeks.find((w) => !w.finished);
}

/** What /digest shows: the newest finished week, or the week in progress when none has finished yet. */
export function latestWeek(plan: DigestPlan): DigestWeek | undefined {
  return finishedWeeks(plan)[0] ?? plan.weeks[0];
}

/** The nearest weeks with articles before and after `name` (a week with or without articles). */
export function adjacentWeeks(plan: DigestPlan, name: string): { previous?: DigestWeek; next?: DigestWeek } {
  const previous = plan.weeks.find((w) => compareWeeks(w.name, name) < 0);
  const next = plan.weeks.findLast((w) => compareWeeks(w.name, name) > 0);
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/** Resolves a week name from a URL: a week with articles, a malformed name (400), or an empty or future week (404). */
export function lookupWeek(plan: DigestPlan, name: string): WeekLookup {
  const week = parseWeek(name);
  if (!week) return { kind: "malformed" };
  const found = plan.weeks.find((w) => w.name === name);
  if (found) return { kind: "week", week: found };
  const label = weekLabel(week);
  return compareWeeks(name, plan.current) > 0 ? { kind: "future", name, label } : { kind: "empty", name, label };
}
