// Articles for the render tests, made by the build itself from front matter and a body, so the tests hold the same
// records, ids, dates and authors the build writes, by the rules that live in src/build.
import { resolve } from "node:path";
import { stringify } from "yaml";
import { readSiteConfig } from "../../src/build/site-config.js";
import { readArticle } from "../../src/content/article.js";
import type { ArticleRecord, ArticleSummary, Unconfirmable } from "../../src/shared/article.js";
import type { SiteConfig } from "../../src/shared/site.js";

const project = resolve(import.meta.dirname, "../..");

/** The project's site.yaml, as the build reads it. */
export const PROJECT_SITE: SiteConfig = await readSiteConfig(project, resolve(project, "site.yaml"));

export interface ArticleSpec {
  slug: string;
  title: string;
  /** Front matter's date (YYYY-MM-DD) or date-time with offset. */
  date: string;
  updated?: string;
  publisher?: string;
  byline?: string;
  url?: string;
  image?: string;
  imageAlt?: string;
  unconfirmed?: Unconfirmable[];
  topics?: string[];
  summary?: string;
  /** Words in the body (a body of this many words is made), unless `body` is given. */
  wordCount?: number;
  /** The Markdown body. */
  body?: string;
}

/** The front matter and body of an article file for `spec`. */
export function sourceOf(spec: ArticleSpec): string {
  const { slug, wordCount, body, ...fields } = spec;
  const front = stringify({ ...fields, slug }, { lineWidth: 0 });
  const text = body ?? Array.from({ length: wordCount ?? 120 }, (_, i) => (i % 12 === 11 ? "word." : "word")).join(" ");
  return `---\n${front}---\n${text}\n`;
}

/** The record the build makes of `spec`; throws with the build's own messages if it has problems. */
export function articleFrom(spec: ArticleSpec, site: SiteConfig = PROJECT_SITE): ArticleRecord {
  const file = `content/${spec.date.slice(0, 10)}-${spec.slug}.md`;
  const read = readArticle(site, file, new TextEncoder().encode(sourceOf(spec)));
  if (!read.article)
    throw new Error(`fixture ${spec.slug}: ${read.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  return read.article;
}

/** The summary (the record without its body). */
export function summaryFrom(spec: ArticleSpec, site: SiteConfig = PROJECT_SITE): ArticleSummary {
  const { html: _html, ...summary } = articleFrom(spec, site);
  return summary;
}

/** The item at `i` (negative counts from the end); throws rather than hand a test undefined. */
export function at<T>(list: readonly T[], i: number): T {
  const item = list.at(i);
  if (item === undefined) throw new Error(`no item ${i} in a list of ${list.length}`);
  return item;
}
