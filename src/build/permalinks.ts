// An article's address on the old site, from the pattern that site built its addresses with (site.yaml's
// `permalinks`), so that every old address answers 301 without an alias in each post. The placeholders (listed in
// shared/site.ts) are Jekyll's and Hugo's (https://gohugo.io/content-management/urls/#tokens).
import { posix } from "node:path";
import type { ArticleSummary } from "../shared/article.js";
import { PERMALINK_PLACEHOLDERS } from "../shared/site.js";

/** What a pattern's placeholders are made from: the article, and its file relative to content/ (`/`-separated). */
export interface PermalinkSource {
  summary: ArticleSummary;
  rel: string;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** The placeholders a pattern may use, each with its value for one article (undefined: the pattern does not apply). */
function placeholders({ summary, rel }: PermalinkSource): Record<string, string | undefined> {
  // The date as written in the article's own offset, as the old generator read it.
  const [date = "", time = ""] = summary.published.split("T");
  const [year = "", month = "", day = ""] = date.split("-");
  const [hour = "", minute = "", second = ""] = time.slice(0, 8).split(":");
  const dir = posix.dirname(rel);
  const base = posix.basename(rel).replace(/\.[^.]+$/, "");
  // A page bundle's name is its folder's.
  const name = /^index$/i.test(base) && dir !== "." ? posix.basename(dir) : base;
  const folders = dir === "." ? [] : dir.split("/");
  if (/^index$/i.test(base)) folders.pop();
  const categories = summary.topicsDerived ? [] : summary.topics.map((t) => t.slug);
  return {
    year,
    short_year: year.slice(2),
    month,
    i_month: String(Number(month)),
    monthname: MONTHS[Number(month) - 1],
    day,
    i_day: String(Number(day)),
    hour,
    minute,
    second,
    // Jekyll's :title is the file name's words, their case kept (https://jekyllrb.com/docs/permalinks/#placeholders).
    title: name.replace(/^\d{4}-\d{2}-\d{2}-/, ""),
    slug: summary.slug,
    output_ext: ".html",
    filename: name,
    contentbasename: name,
    section: folders[0] ?? "",
    sections: folders.join("/"),
    categories: categories.join("/"),
  };
}

/** `pattern` filled in for one article: `/blog/:year/:slug/` → `/blog/2019/a-post/`; undefined if a placeholder is unknown. */
export function permalinkOf(pattern: string, source: PermalinkSource): string | undefined {
  const values = placeholders(source);
  let unknown = false;
  const path = pattern.replace(/:([a-z_]+)/g, (_, name: string) => {
    const value = PERMALINK_PLACEHOLDERS.includes(name) ? values[name] : undefined;
    if (value === undefined) unknown = true;
    return value ?? "";
  });
  // An empty placeholder (no categories, no section) leaves a double slash, as Jekyll collapses it.
  return unknown ? undefined : path.replace(/\/{2,}/g, "/");
}
