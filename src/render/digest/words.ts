// How the digest words its weeks, days and reading times, in English: kept apart from the plan, which decides what each week holds.
import { type IsoWeek, parseWeek, weekDates } from "../../shared/isoweek.js";
import { humanDate, MONTHS } from "../html/format.js";

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

/** The date-range label of a week, given as an IsoWeek or a valid week name ("2018-W29" → "16–22 July 2018"). */
export function weekLabel(week: IsoWeek | string): string {
  const parsed = typeof week === "string" ? parseWeek(week) : week;
  if (!parsed) throw new Error(`weekLabel: "${String(week)}" is not an ISO week`);
  const { monday, sunday } = weekDates(parsed);
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
