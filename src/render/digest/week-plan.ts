// Which weeks the digest shows and what each holds, decided from the articles and the clock alone (no I/O, no words).
//
// Lead story rule: the week's longest article by word count; a tie goes to the newest (latest
// `published` instant), and a tie on that to the slug that sorts first. Length is the one signal every
// article has, and it usually marks the most substantial report of the week.

import type { ArticleSummary, Topic } from "../../shared/article.js";
import { addTo } from "../../shared/group.js";
import { compareWeeks, type IsoWeek, parseWeek, weekBounds, weekDates, weekOfInstant } from "../../shared/isoweek.js";
import type { SiteConfig } from "../../shared/site.js";
import { latestInstant, rfc3339 } from "../../shared/time.js";

/** A week that has articles, as the digest shows it. */
export interface DigestWeek {
  /** 2018-W29 */
  name: string;
  week: IsoWeek;
  /** YYYY-MM-DD */
  monday: string;
  sunday: string;
  /** Epoch ms at which the week starts and ends (the next Monday 00:00) in the site's time zone. */
  start: number;
  end: number;
  /** True once the week has ended; only finished weeks go into the digest feeds. */
  finished: boolean;
  /** Newest first. */
  articles: ArticleSummary[];
  readingMinutes: number;
}

/**
 * What the digest shows at an instant. The instant itself is not kept: it decides which weeks are listed and which
 * are finished, and a renderer needs no more, so two instants that agree on those give the same bytes.
 */
export interface DigestPlan {
  site: SiteConfig;
  /** Set when the plan holds only one topic's articles (the topic digest feeds). */
  topic?: Topic;
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

/** A well-formed week that has no digest: one without articles, or one that has not begun. */
export interface MissingWeek {
  kind: "empty" | "future";
  name: string;
}

/** A week with articles as the pages that point at it need it: its name, and whether it has ended. */
export interface WeekRef {
  name: string;
  finished: boolean;
}

// Parsing a date in every comparison cost most of planning a large archive: each summary's instant is parsed once.
const instants = new WeakMap<ArticleSummary, number>();
function publishedAt(a: ArticleSummary): number {
  let t = instants.get(a);
  if (t === undefined) {
    t = Date.parse(a.published);
    instants.set(a, t);
  }
  return t;
}

const newestFirst = (a: ArticleSummary, b: ArticleSummary) =>
  publishedAt(b) - publishedAt(a) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

// A week's dates and bounds depend on its name and the time zone alone; a build plans the same weeks for the site
// and for every topic, so each is worked out once.
const calendar = new Map<string, { monday: string; sunday: string; start: number; end: number }>();
function calendarOf(week: IsoWeek, name: string, tz: string) {
  const key = `${tz}\0${name}`;
  let c = calendar.get(key);
  if (!c) {
    c = { ...weekDates(week), ...weekBounds(week, tz) };
    calendar.set(key, c);
  }
  return c;
}

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
  return latestInstant([rfc3339(week.end, tz), ...week.articles.map((a) => a.updated)]) as string;
}

/**
 * The digest's weeks at `now`: the weeks that have articles (only `topic`'s, when given), up to the week in
 * progress. `articles` are newest first; later weeks (articles dated ahead) are left out until they come.
 */
export function planDigest(
  site: SiteConfig,
  articles: readonly ArticleSummary[],
  now: number,
  topic?: Topic,
): DigestPlan {
  const tz = site.timeZone;
  const current = weekOfInstant(now, tz);
  const byWeek = new Map<string, ArticleSummary[]>();
  for (const a of articles) {
    if (topic && !a.topics.some((t) => t.slug === topic.slug)) continue;
    if (compareWeeks(a.week, current) > 0) continue;
    addTo(byWeek, a.week, a);
  }
  const weeks: DigestWeek[] = [];
  for (const [name, list] of byWeek) {
    const week = parseWeek(name);
    if (!week) throw new Error(`article week "${name}" is not an ISO week name`);
    const { monday, sunday, start, end } = calendarOf(week, name, tz);
    weeks.push({
      name,
      week,
      monday,
      sunday,
      start,
      end,
      // A week is finished once its end (next Monday 00:00 in the site's time zone) has passed.
      finished: now >= end,
      articles: list.sort(newestFirst),
      readingMinutes: list.reduce((sum, a) => sum + a.readingMinutes, 0),
    });
  }
  weeks.sort((a, b) => compareWeeks(b.name, a.name));
  return { site, weeks, ...(topic ? { topic } : {}) };
}

/** Finished weeks, newest first: the digest feeds' entries. */
export function finishedWeeks<W extends WeekRef>(weeks: readonly W[]): W[] {
  return weeks.filter((w) => w.finished);
}

/** What /digest shows: the newest finished week, or the week in progress when none has finished yet. */
export function latestWeek<W extends WeekRef>(weeks: readonly W[]): W | undefined {
  return finishedWeeks(weeks)[0] ?? weeks[0];
}

/** The nearest weeks with articles before and after `name` (a week with or without articles); `weeks` newest first. */
export function adjacentWeeks<W extends WeekRef>(weeks: readonly W[], name: string): { previous?: W; next?: W } {
  const previous = weeks.find((w) => compareWeeks(w.name, name) < 0);
  const next = weeks.findLast((w) => compareWeeks(w.name, name) > 0);
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/** Why the well-formed week `name` has no digest, given the week in progress: it has not begun, or had no articles. */
export function missingWeek(current: string, name: string): MissingWeek {
  return { kind: compareWeeks(name, current) > 0 ? "future" : "empty", name };
}
