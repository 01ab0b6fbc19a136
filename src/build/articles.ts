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
import { parseFrontMatter } from "./front-matter.js";
import { htmlToText, markdownToHtml, paragraphsToHtml } from "./markdown.js";
import type { Problem } from "./problems.js";
import { deriveTopics, normalizeTopics } from "./topics.js";

/** Largest article file accepted; a clipping or post is a few tens of KiB, so anything bigger is a mistake. */
export const MAX_FILE_BYTES = 512 * 1024;
export const SUPPORTED = [".md", ".txt"];

export interface FileReport {
  file: string;
  removals: Removal[];
  whitespaceFixes: number;
}

export interface ReadResult {
  articles: ArticleRecord[];
  reports: FileReport[];
  problems: Problem[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Reads and checks one file; returns its record, or nothing with its problems. */
async function readArticle(
  site: SiteConfig,
  root: string,
  path: string,
): Promise<{ article?: ArticleRecord; report?: FileReport; problems: Problem[] }> {
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

  const slug = fm.slug ?? slugFromFileName(path.split("/").pop() ?? path);
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
    for (const k of cleaned.unmatched.keep)
      problems.push({ file, line: 1, field: "clean.keep", message: `matches nothing the cleaner removed: '${k}'` });
    for (const r of cleaned.unmatched.remove)
      problems.push({ file, line: 1, field: "clean.remove", message: `matches no line of the text: '${r}'` });
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
    if (fm.clean) problems.push({ file, line: 1, field: "clean", message: "applies to .txt clippings only" });
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
  if (!title)
    problems.push({
      file,
      line: 1,
      field: "title",
      message: "is required: give a title, or start a .txt with the headline or a .md with '# Headline'",
    });
  if (problems.length > 0 || !title) return { problems };

  const published = resolveDate(fm.date, site.timeZone);
  const updated = fm.updated ? resolveDate(fm.updated, site.timeZone) : published;
  if (updated.instant < published.instant) {
    problems.push({ file, line: 1, field: "updated", message: "is before date" });
    return { problems };
  }
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
    topics,
    topicsDerived: !fm.topics?.length,
    summary: fm.summary ?? summarize(paragraphs),
    wordCount,
    readingMinutes: readingMinutes(wordCount),
    entities,
    html,
  };
  return { article, report, problems };
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

/** Reads every article under `dir`, newest first. Duplicate slugs and ids are problems of both files. */
export async function readArticles(site: SiteConfig, root: string, dir: string): Promise<ReadResult> {
  const problems: Problem[] = [];
  const articles: ArticleRecord[] = [];
  const reports: FileReport[] = [];
  const bySlug = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const path of await listFiles(dir)) {
    const r = await readArticle(site, root, path);
    problems.push(...r.problems);
    if (r.report) reports.push(r.report);
    if (!r.article) continue;
    const file = relative(root, path);
    const a = r.article;
    const other = bySlug.get(a.slug);
    if (other) problems.push({ file, line: 1, field: "slug", message: `'${a.slug}' is already used by ${other}` });
    const otherId = byId.get(a.id);
    if (otherId && otherId !== other)
      problems.push({ file, line: 1, field: "id", message: `'${a.id}' is already used by ${otherId}` });
    bySlug.set(a.slug, file);
    byId.set(a.id, file);
    articles.push(a);
  }
  articles.sort((x, y) => Date.parse(y.published) - Date.parse(x.published) || x.slug.localeCompare(y.slug));
  return { articles, reports, problems };
}
