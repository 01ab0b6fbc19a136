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
 * The summary, from the opening paragraph only (the first with any text): a later paragraph is another thought, and a
 * summary stitched from two would say what the article does not. It is one to three whole sentences of that paragraph,
 * in order, under 300 characters in all; a sentence longer than that is skipped rather than cut. When no sentence of
 * the paragraph fits, it is the first sentence cut at a word boundary, with "…", so the summary is never empty (an
 * empty Atom summary is flagged by feed validators).
 */
export function summarize(paragraphs: string[]): string {
  const opening = paragraphs.find((p) => p.trim() !== "");
  if (opening === undefined) return "";
  const sentences = splitSentences(opening);
  const picked: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    const added = (picked.length ? 1 : 0) + sentence.length;
    if (length + added < SUMMARY_LIMIT) {
      picked.push(sentence);
      length += added;
    } else if (picked.length > 0) {
      break;
    }
    if (picked.length === 3) break;
  }
  return picked.length > 0 ? picked.join(" ") : cutAtWord(sentences[0] ?? opening.trim(), SUMMARY_LIMIT - 1);
}

/** `text` cut at the last word boundary that leaves room for "…" within `max` characters, then "…". */
function cutAtWord(text: string, max: number): string {
  const head = text.slice(0, max - 1);
  // The cut is on a boundary if a space follows it; otherwise the word it splits goes (unless it is the only one).
  const whole = /\s/.test(text.charAt(max - 1)) ? head : head.replace(/\s+\S*$/, "");
  // Punctuation left dangling at the cut ("sources," "the —") reads as a mistake before "…".
  return `${(whole || head).replace(/[\s,;:\-–—]+$/, "")}…`;
}
