// Reads content/: every file checked, parsed, cleaned and turned into an article record; every problem collected.

import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import type { ArticleRecord } from "../shared/article.js";
import { weekOfDate } from "../shared/isoweek.js";
import type { SiteConfig } from "../shared/site.js";
import { cleanClipping, type Removal } from "./clean.js";
import { CONTROL_CHARACTERS } from "./control.js";
import { authorsOf, countWords, entryId, readingMinutes, resolveDate, slugFromFileName, summarize } from "./derive.js";
import { extractEntities } from "./entities.js";
import { type FrontMatter, parseFrontMatter, UNCONFIRMABLE } from "./front-matter.js";
import { htmlToText, markdownToHtml, paragraphsToHtml } from "./markdown.js";
import { formatProblem, type Problem } from "./problems.js";
import { deriveTopics, normalizeTopics } from "./topics.js";
import type { LineOf } from "./yaml.js";

/** Largest article file accepted; a clipping or post is a few tens of KiB, so anything bigger is a mistake. */
export const MAX_FILE_BYTES = 512 * 1024;
export const SUPPORTED = [".md", ".txt"];

export interface FileReport {
  file: string;
  removals: Removal[];
  whitespaceFixes: number;
}

export interface ReadResult {
  /** The articles to publish, newest first: every file read, less those dated after the build's `now`. */
  articles: ArticleRecord[];
  reports: FileReport[];
  problems: Problem[];
  /** Formatted like problems (content/FILE:LINE: field: message), but the build goes on: future-dated articles. */
  warnings: string[];
}

/** What reading one file gives: its record (unless it has problems), and what the checks across files need. */
interface ReadOne {
  article?: ArticleRecord;
  report?: FileReport;
  problems: Problem[];
  /** Set when the article's date is after `now`: the article is read and checked, but not published. */
  future?: Problem;
  /** The slug, and the line that gives it (1 when it comes from the file name), once the front matter is valid. */
  slug?: { slug: string; line: number };
  /** The line of the date field, for warnings about it. */
  dateLine?: number;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads and checks one file: once its front matter is valid, every check runs, so its problems come at once. Returns
 * its record unless it has problems; a future date is none, but comes back as `future` for the caller to leave it out.
 */
async function readArticle(site: SiteConfig, root: string, path: string, now: number): Promise<ReadOne> {
  const file = relative(root, path);
  const ext = extname(path).toLowerCase();
  if (!SUPPORTED.includes(ext)) {
    return {
      problems: [
        { file, line: 1, field: "file", message: `unsupported file type '${ext || "(none)"}': use .md or .txt` },
      ],
    };
  }
  const size = (await stat(path)).size;
  if (size > MAX_FILE_BYTES) {
    return {
      problems: [{ file, line: 1, field: "file", message: `too large: ${size} bytes, the limit is ${MAX_FILE_BYTES}` }],
    };
  }
  const bytes = await readFile(path);
  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const line = firstInvalidLine(bytes);
    return { problems: [{ file, line, field: "encoding", message: "not UTF-8: save the file as UTF-8" }] };
  }
  // Control characters are never meant in an article and are illegal in XML 1.0 and HTML text: they become spaces.
  source = source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL_CHARACTERS, " ");
  const parsed = parseFrontMatter(file, source);
  const problems = [...parsed.problems];
  const fm = parsed.data;
  if (!fm) return { problems };

  const { lineOf } = parsed;
  const slug = fm.slug ?? slugFromFileName(path.split("/").pop() ?? path);
  const slugLine = fm.slug ? lineOf(["slug"]) : 1;
  const published = resolveDate(fm.date, site.timeZone);
  const updated = fm.updated ? resolveDate(fm.updated, site.timeZone) : published;
  if (updated.instant < published.instant) {
    problems.push({ file, line: lineOf(["updated"]), field: "updated", message: "is before date" });
  }
  const future: Problem | undefined =
    published.instant > now
      ? {
          file,
          line: lineOf(["date"]),
          field: "date",
          message: `is in the future (${published.date}); not published until a build on or after that day`,
        }
      : undefined;
  const unconfirmed = UNCONFIRMABLE.filter((f) => fm.unconfirmed?.includes(f));
  for (const f of unconfirmed) {
    if (f !== "date" && fm[f] === undefined) {
      const line = lineOf(["unconfirmed", fm.unconfirmed?.indexOf(f) ?? 0]);
      problems.push({
        file,
        line,
        field: "unconfirmed",
        message: `lists '${f}', which the front matter does not give`,
      });
    }
  }
  const publisher = fm.publisher ?? site.title;
  let title = fm.title;
  let html: string;
  let text: string;
  let paragraphs: string[];
  let report: FileReport | undefined;
  if (ext === ".txt") {
    const cleaned = cleanClipping(parsed.body, {
      firstLine: parsed.bodyLine,
      title: fm.title,
      publisher: fm.publisher,
      byline: fm.byline,
      keep: fm.clean?.keep,
      remove: fm.clean?.remove,
    });
    const itemLine = overrideLines(fm.clean, lineOf);
    for (const k of cleaned.unmatched.keep)
      problems.push({
        file,
        line: itemLine("keep", k),
        field: "clean.keep",
        message: `matches nothing the cleaner removed: '${k}'`,
      });
    for (const r of cleaned.unmatched.remove)
      problems.push({
        file,
        line: itemLine("remove", r),
        field: "clean.remove",
        message: `matches no line of the text: '${r}'`,
      });
    title ??= cleaned.title;
    paragraphs = cleaned.paragraphs;
    html = paragraphsToHtml(paragraphs);
    text = paragraphs.join("\n\n");
    report = { file, removals: cleaned.removals, whitespaceFixes: cleaned.whitespaceFixes };
  } else {
    let body = parsed.body;
    if (!title) {
      const h1 = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(body);
      if (h1?.[1]) {
        title = h1[1];
        body = body.replace(h1[0], "");
      }
    }
    if (fm.clean)
      problems.push({ file, line: lineOf(["clean"]), field: "clean", message: "applies to .txt clippings only" });
    html = markdownToHtml(body);
    text = htmlToText(html);
    paragraphs = text.split(/\n{2,}/);
  }
  if (!text.trim())
    problems.push({
      file,
      line: parsed.bodyLine,
      field: "body",
      message: "is empty: an article needs text below the front matter",
    });
  // The title key, when present, is never empty (the schema says so): a missing title concerns the whole file.
  if (!title)
    problems.push({
      file,
      line: 1,
      field: "title",
      message: "is required: give a title, or start a .txt with the headline or a .md with '# Headline'",
    });
  const checked = { report, problems, slug: { slug, line: slugLine }, ...(future ? { future } : {}) };
  if (problems.length > 0 || !title) return checked;

  const entities = extractEntities(text);
  const topics = fm.topics?.length
    ? normalizeTopics(site, fm.topics)
    : deriveTopics(site, title, text, [...entities.places, ...entities.organizations]);
  const wordCount = countWords(text);
  const article: ArticleRecord = {
    slug,
    id: entryId(site.idAuthority, published.date, slug),
    title,
    published: published.rfc3339,
    updated: updated.rfc3339,
    date: published.date,
    week: weekOfDate(published.date),
    publisher,
    ...(fm.byline ? { byline: fm.byline } : {}),
    authors: authorsOf(fm.byline, publisher),
    ...(fm.url ? { url: fm.url } : {}),
    ...(unconfirmed.length > 0 ? { unconfirmed } : {}),
    topics,
    topicsDerived: !fm.topics?.length,
    summary: fm.summary ?? summarize(paragraphs),
    wordCount,
    readingMinutes: readingMinutes(wordCount),
    entities,
    html,
  };
  return { ...checked, article, dateLine: lineOf(["date"]) };
}

/**
 * The line of a clean.keep or clean.remove entry the cleaner reports unmatched (by its text): the line of its list
 * item, each item taken once so two equal entries get their own lines.
 */
function overrideLines(clean: FrontMatter["clean"], lineOf: LineOf) {
  const taken = new Set<string>();
  return (list: "keep" | "remove", entry: string): number => {
    const i = (clean?.[list] ?? []).findIndex((e, j) => e === entry && !taken.has(`${list}${j}`));
    if (i < 0) return lineOf(["clean", list]);
    taken.add(`${list}${i}`);
    return lineOf(["clean", list, i]);
  };
}

/** The 1-based line holding the first byte sequence that is not UTF-8. */
function firstInvalidLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}

/**
 * Reads every article under `dir`, newest first, leaving out (with a warning) those dated after `now` (epoch ms).
 * A slug used by several files is a problem of each of them. Ids need no check of their own: an id ends with the slug.
 */
export async function readArticles(site: SiteConfig, root: string, dir: string, now: number): Promise<ReadResult> {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const articles: ArticleRecord[] = [];
  const reports: FileReport[] = [];
  const bySlug = new Map<string, { file: string; line: number }[]>();
  const sameInstant = new Map<number, { file: string; line: number }[]>();
  for (const path of await listFiles(dir)) {
    const r = await readArticle(site, root, path, now);
    problems.push(...r.problems);
    if (r.report) reports.push(r.report);
    if (r.future) warnings.push(formatProblem(r.future));
    if (r.slug) {
      const users = bySlug.get(r.slug.slug) ?? [];
      users.push({ file: relative(root, path), line: r.slug.line });
      bySlug.set(r.slug.slug, users);
    }
    if (r.article && !r.future) {
      articles.push(r.article);
      const stamp = Date.parse(r.article.updated);
      sameInstant.set(stamp, [
        ...(sameInstant.get(stamp) ?? []),
        { file: relative(root, path), line: r.dateLine ?? 1 },
      ]);
    }
  }
  // Readers order entries, and the W3C validator flags duplicates, by atom:updated; a date alone gives midnight.
  for (const [stamp, users] of sameInstant) {
    if (users.length < 2) continue;
    for (const u of users) {
      const others = users.filter((o) => o !== u).map((o) => o.file);
      warnings.push(
        formatProblem({
          file: u.file,
          line: u.line,
          field: "date",
          message: `has the same date and time (${new Date(stamp).toISOString()}) as ${others.join(", ")}; give each a time, such as 2018-07-16T09:30:00-04:00, so readers can order them`,
        }),
      );
    }
  }
  for (const [slug, users] of bySlug) {
    if (users.length < 2) continue;
    for (const u of users) {
      const others = users.filter((o) => o !== u).map((o) => o.file);
      problems.push({
        file: u.file,
        line: u.line,
        field: "slug",
        message: `'${slug}' is also used by ${others.join(", ")}`,
      });
    }
  }
  // Each file's problems together (the slug ones were found last), files in the order they were read.
  problems.sort((x, y) => (x.file === y.file ? 0 : x.file < y.file ? -1 : 1));
  articles.sort((x, y) => Date.parse(y.published) - Date.parse(x.published) || x.slug.localeCompare(y.slug));
  return { articles, reports, problems, warnings };
}
