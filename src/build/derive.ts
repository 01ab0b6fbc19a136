// What the feeds and digest need from an article: slug, tag: id, dates, authors, summary, word count, reading time.
import { rfc3339, zonedInstant } from "../shared/time.js";
import { splitSentences } from "./sentences.js";

/** Reading speed for the "N min read" estimate (words per minute, a common newsroom figure for adults reading news). */
export const WORDS_PER_MINUTE = 230;
export const SUMMARY_LIMIT = 300;

/** The slug from a file name: the name without extension and without a leading YYYY-MM-DD- date. */
export function slugFromFileName(name: string): string {
  const base = name.replace(/\.[^.]+$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
  return slugify(base);
}

/** Lowercase ASCII words joined by hyphens; accents folded. */
export function slugify(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Entry id as a tag: URI (RFC 4151, https://www.rfc-editor.org/rfc/rfc4151): the configured authority, then the
 * article's date and slug. It names no host of the site, so moving to another domain changes no id.
 */
export function entryId(idAuthority: string, date: string, slug: string): string {
  return `tag:${idAuthority}:articles/${date}/${slug}`;
}

/** The front matter's date or date-time as an instant and its local calendar date in `tz`. */
export function resolveDate(value: string, tz: string): { instant: number; rfc3339: string; date: string } {
  const instant = value.length === 10 ? zonedInstant(value, tz) : Date.parse(value);
  const text = rfc3339(instant, tz);
  return { instant, rfc3339: text, date: text.slice(0, 10) };
}

/** Authors for feeds: the byline split into names ("A and B", "A, B and C"), else the publisher. */
export function authorsOf(byline: string | undefined, publisher: string): string[] {
  if (!byline) return [publisher];
  return byline
    .replace(/^by\s+/i, "")
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Words in plain text: runs of letters or digits (hyphenated and apostrophised words count once). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export function readingMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

/**
 * One to three whole sentences, under 300 characters in all: the opening sentences of the text, in order. A sentence
 * longer than the limit is skipped rather than cut, so the summary never ends mid-sentence.
 */
export function summarize(paragraphs: string[]): string {
  const picked: string[] = [];
  let length = 0;
  for (const paragraph of paragraphs) {
    for (const sentence of splitSentences(paragraph)) {
      const added = (picked.length ? 1 : 0) + sentence.length;
      if (length + added < SUMMARY_LIMIT) {
        picked.push(sentence);
        length += added;
      } else if (picked.length > 0) {
        return picked.join(" ");
      }
      if (picked.length === 3) return picked.join(" ");
    }
    // A summary stays within the opening paragraph once it has a sentence: the next paragraph is another thought.
    if (picked.length > 0) return picked.join(" ");
  }
  return picked.join(" ");
}
