// ISO 8601 weeks (Monday to Sunday, week 1 holds the year's first Thursday), named like 2018-W29.
import { addDays, localDate, zonedInstant } from "./time.js";

export interface IsoWeek {
  year: number;
  week: number;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

function dayOfWeek(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7; // Monday 1 … Sunday 7
}

/** Number of ISO weeks in `year`: 53 when 28 December falls in week 53. */
function weeksInYear(year: number): number {
  const dec28 = `${year}-12-28`;
  return isoWeekOf(dec28).week;
}

function isoWeekParts(date: string): IsoWeek {
  // The Thursday of the date's week decides the year (ISO 8601 §3.2.2).
  const thursday = addDays(date, 4 - dayOfWeek(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const ordinal = (Date.parse(thursday) - Date.parse(jan1)) / 86_400_000;
  return { year, week: Math.floor(ordinal / 7) + 1 };
}

/** The ISO week of a calendar date (YYYY-MM-DD). */
export function isoWeekOf(date: string): IsoWeek {
  return isoWeekParts(date);
}

/** Name of a week: 2018-W29. */
export function formatWeek(w: IsoWeek): string {
  return `${w.year}-W${String(w.week).padStart(2, "0")}`;
}

/** The ISO week name of a calendar date. */
export function weekOfDate(date: string): string {
  return formatWeek(isoWeekOf(date));
}

/** Parses 2018-W29; null when malformed, when the year has no such week (2021-W53), or outside 1583-W01…9999-W51. */
export function parseWeek(name: string): IsoWeek | null {
  const m = WEEK_RE.exec(name);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  // Before 1583 ISO 8601 needs the parties' agreement (and Date.UTC reads years 0–99 as 1900–1999);
  // 9999-W52 ends in the year 10000, which no YYYY-MM-DD can write, so weekDates and weekBounds would break.
  if (year < 1583 || (year === 9999 && week > 51)) return null;
  if (week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

/** Monday and Sunday (YYYY-MM-DD) of a week. */
export function weekDates(w: IsoWeek): { monday: string; sunday: string } {
  // 4 January is always in week 1.
  const jan4 = `${w.year}-01-04`;
  const monday = addDays(addDays(jan4, 1 - dayOfWeek(jan4)), (w.week - 1) * 7);
  return { monday, sunday: addDays(monday, 6) };
}

/** Instants at which a week starts and ends (next Monday 00:00) in `tz`. */
export function weekBounds(w: IsoWeek, tz: string): { start: number; end: number } {
  const { monday } = weekDates(w);
  return { start: zonedInstant(monday, tz), end: zonedInstant(addDays(monday, 7), tz) };
}

/** The week in progress at `instant` in `tz`. */
export function currentWeek(instant: number, tz: string): IsoWeek {
  return isoWeekOf(localDate(instant, tz));
}

/** The week name of an instant as the site's clock reads it: 2018-07-22T23:30-04:00 is 2018-W29 in New York, 2018-W30 in Berlin. */
export function weekOfInstant(instant: number, tz: string): string {
  return formatWeek(currentWeek(instant, tz));
}

/** Orders week names; they sort as strings because year and week are zero-padded. */
export function compareWeeks(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
