// What the feeds and digest need from an article: slug, tag: id, dates, authors, summary, word count, reading time.
import type { ArticleSummary } from "../shared/article.js";
import type { SiteConfig } from "../shared/site.js";
import { rfc3339, zonedInstant } from "../shared/time.js";
import { splitSentences } from "./sentences.js";

/** Reading speed for the "N min read" estimate (words per minute, a common newsroom figure for adults reading news). */
const WORDS_PER_MINUTE = 230;
export const SUMMARY_LIMIT = 300;

/** The slug from a file name: the name without extension and without a leading YYYY-MM-DD- date. */
export function slugFromFileName(name: string): string {
  const base = name.replace(/\.[^.]+$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
  return slugify(base);
}

// Cyrillic and Greek letters in Latin, as a reader of the name would type it (a simplified BGN/PCGN and ELOT 743):
// URLs stay plain ASCII, readable and the same in every tool, and a Russian file name still gives a working slug.
const TRANSLITERATION: Record<string, string> = Object.fromEntries(
  [
    ..."а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya і:i ї:yi є:ye ґ:g ў:u".split(
      " ",
    ),
    ..."α:a β:v γ:g δ:d ε:e ζ:z η:i θ:th ι:i κ:k λ:l μ:m ν:n ξ:x ο:o π:p ρ:r σ:s ς:s τ:t υ:y φ:f χ:ch ψ:ps ω:o".split(
      " ",
    ),
  ].map((pair) => pair.split(":") as [string, string]),
);

/**
 * Lowercase ASCII words joined by hyphens: accents folded, Cyrillic and Greek transliterated, "&" read as "and".
 * Other scripts and emoji give nothing: such an article needs a `slug:` (the build says so).
 */
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u0370-\u03ff\u0400-\u04ff]/g, (c) => TRANSLITERATION[c] ?? "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The front matter's date or date-time as an instant and its local calendar date in `tz`. */
export function resolveDate(value: string, tz: string): { instant: number; rfc3339: string; date: string } {
  // A calendar date is midnight, and a date-time with no offset a wall time, in the site's time zone.
  const wall = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?$/.exec(value);
  const instant =
    value.length === 10 ? zonedInstant(value, tz) : wall ? zonedInstant(wall[1] ?? "", tz, wall[2]) : Date.parse(value);
  const text = rfc3339(instant, tz);
  return { instant, rfc3339: text, date: text.slice(0, 10) };
}

/**
 * One spelling of a person as blogs write them: a handle or address beside the name goes ("A. Name (@handle)",
 * "A. Name (github.com/handle)", "A. Name <a@example.com>" are all "A. Name"), and a name or handle site.yaml's
 * `authors` lists as an alias is that author's name.
 */
function canonicalAuthor(name: string, authors: SiteConfig["authors"] = {}): string {
  const bare = name
    .replace(/\s*<[^<>]*@[^<>]*>\s*$/, "")
    .replace(/\s*\((?:@|https?:\/\/|[\w.-]+\.[a-z]{2,}\/)[^()]*\)\s*$/i, "")
    .trim();
  const spelled = (s: string) => s.toLowerCase().replace(/^@/, "");
  for (const [slug, a] of Object.entries(authors))
    if (
      [slug, a.name, ...a.aliases].some((alias) => spelled(alias) === spelled(bare) || spelled(alias) === spelled(name))
    )
      return a.name;
  return bare || name;
}

/**
 * Authors for feeds and author pages: the byline split into names ("A and B", "A, B and C", "A & B"), each in its
 * one spelling (canonicalAuthor), else the publisher. Only a standalone "and" or "&" separates names, so
 * "Jane Doe &amp; John Roe" stays whole.
 */
export function authorsOf(
  byline: string | undefined,
  publisher: string,
  authors: SiteConfig["authors"] = {},
): string[] {
  if (!byline) return [publisher];
  return [
    ...new Set(
      byline
        .replace(/^by\s+/i, "")
        .split(/\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+/i)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => canonicalAuthor(s, authors)),
    ),
  ];
}

/** Words in plain text: runs of letters or digits (hyphenated and apostrophised words count once). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export function readingMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

/** A short opening line that ends as a greeting does: with "!", "," or ":", a few words at most. */
const isGreeting = (p: string) => p.trim().length <= 30 && /[!,:]$/.test(p.trim());

/**
 * The summary, from the opening paragraph only (the first with any text): a later paragraph is another thought, and a
 * summary stitched from two would say what the article does not. It is one to three whole sentences of that paragraph,
 * in order, under 300 characters in all; a sentence longer than that is skipped rather than cut. When no sentence of
 * the paragraph fits, it is the first sentence cut at a word boundary, with "…", so the summary is never empty (an
 * empty Atom summary is flagged by feed validators). An opening greeting is passed over for the paragraph after it.
 */
export function summarize(paragraphs: string[]): string {
  const texts = paragraphs.filter((p) => p.trim() !== "");
  // A greeting is no summary: "Hello Jekyllers!", "Dear readers," and "Happy Birthday, Go!" open many release posts.
  const opening = texts.find((p, i) => !(isGreeting(p) && i < texts.length - 1));
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
export function cutAtWord(text: string, max: number): string {
  const head = text.slice(0, max - 1);
  // The cut is on a boundary if a space follows it; otherwise the word it splits goes (unless it is the only one).
  const whole = /\s/.test(text.charAt(max - 1)) ? head : head.replace(/\s+\S*$/, "");
  // Punctuation left dangling at the cut ("sources," "the —") reads as a mistake before "…".
  return `${(whole || head).replace(/[\s,;:\-–—]+$/, "")}…`;
}

/** Each article's author slugs: its byline's names, or its publisher; names that give no slug have no page. */
export function authorSlugs(a: ArticleSummary): { slug: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const name of a.authors) {
    const slug = slugify(name);
    if (slug && !seen.has(slug)) seen.set(slug, name);
  }
  return [...seen].map(([slug, name]) => ({ slug, name }));
}
