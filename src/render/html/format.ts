// Words readers see for dates, reading times and counts on the HTML pages (and digests), in English.
import type { ArticleSummary, Unconfirmable } from "../../shared/article.js";

// Names spelled out, not Intl: the same bytes whatever ICU data Node or workerd ship with.
export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "16 July 2018" from a calendar date "2018-07-16". Throws on anything that is not a real YYYY-MM-DD. */
export function humanDate(date: string): string {
  const m = DATE_RE.exec(date);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  // Date.UTC rolls 31 June over to 1 July; a round trip catches dates that do not exist.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!m || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`humanDate: "${date}" is not a calendar date (YYYY-MM-DD)`);
  }
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "5 min read"; never "0 min read", since even a short article takes a moment. */
export function readingTime(minutes: number): string {
  return `${Math.max(1, Math.round(minutes))} min read`;
}

/** "1 article", "4 articles". */
export function articleCount(n: number): string {
  return `${n} ${n === 1 ? "article" : "articles"}`;
}

/** What a reader is told beside a fact the front matter marks as estimated or not confirmed. */
const UNCONFIRMED_NOTES: Record<Unconfirmable, string> = {
  byline: "byline not confirmed",
  date: "date estimated",
  url: "address not confirmed",
};

/**
 * " (byline not confirmed)" to follow a fact of `a` that is estimated or not confirmed, so no page presents it as
 * confirmed; "" for a confirmed one. Feeds have no place for it: their authors and dates stay as given.
 */
export function unconfirmedNote(a: Pick<ArticleSummary, "unconfirmed">, fact: Unconfirmable): string {
  return a.unconfirmed?.includes(fact) ? ` (${UNCONFIRMED_NOTES[fact]})` : "";
}
