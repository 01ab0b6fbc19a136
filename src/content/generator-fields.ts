// Front matter as Jekyll, Hugo, Eleventy and Astro write it, mapped onto Dispatch's fields before the schema checks
// them, so an archive moved from one of them builds as it is: `tags` and `categories` are topics, `author` is the
// byline, `description` the summary, `lastmod` the updated date, `published: false` a draft. Fields only another
// generator's templates use (`layout`, `permalink`…) are set aside and reported once for the whole build.
import { cutAtWord } from "./derive.js";

/** Dispatch's field, and the other generators' names for it, in the order they are preferred. */
const ALIASES = {
  topics: ["tags", "categories", "category", "keywords"],
  byline: ["author", "authors", "by"],
  summary: ["description", "excerpt"],
  image: ["cover", "featured_image", "thumbnail", "heroImage", "images"],
  date: ["pubDate", "publishDate", "published"],
  updated: ["lastmod", "modified", "last_modified_at", "updatedDate"],
} as const satisfies Record<string, readonly string[]>;

/** Every other generator's name for a Dispatch field. */
export const ALIAS_NAMES: readonly string[] = Object.values(ALIASES).flat();

/**
 * Fields that only another generator's templates, comments or menus use: nothing in a feed or a page comes from them.
 * `site.yaml`'s `ignoreFields` adds to this list.
 */
const IGNORED_FIELDS: readonly string[] = [
  "layout",
  "lang",
  "comments",
  "weight",
  "menu",
  "type",
  "sitemap",
  "translator",
  "toc",
  "series",
  "eleventyNavigation",
  "eleventyExcludeFromCollections",
  "pagination",
  "linkTitle",
  "expiryDate",
  "excerpt_separator",
  "hidden",
  "featured",
  "subtitle",
];

/** A front matter with the other generators' fields mapped, and where each Dispatch field came from. */
export interface MappedFields {
  data: Record<string, unknown>;
  /** The key as the file writes it, for each field whose value came from an alias (`topics` ← `tags`). */
  sourceOf: Record<string, string>;
  /** Fields set aside: only another generator's templates use them. */
  ignored: string[];
}

/** A person as the generators write one: a name, `{ name }`, or a list of either. */
function namesOf(value: unknown): string[] | undefined {
  const one = (v: unknown) =>
    typeof v === "string" ? v : v && typeof v === "object" && "name" in v && typeof v.name === "string" ? v.name : "";
  const names = (Array.isArray(value) ? value.map(one) : [one(value)]).map((n) => n.trim()).filter(Boolean);
  return names.length > 0 ? names : undefined;
}

/** Names as one byline authorsOf splits again: "A", "A and B", "A, B and C". */
function bylineOf(names: string[]): string {
  return names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** A picture as the generators write one: a URL or path, `{ src | url, alt }`, or a list whose first one counts. */
function pictureOf(value: unknown): { src: string; alt?: string } | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "string") return { src: first };
  if (first && typeof first === "object") {
    const o = first as Record<string, unknown>;
    const src = o.src ?? o.url ?? o.image;
    if (typeof src === "string") return { src, ...(typeof o.alt === "string" ? { alt: o.alt } : {}) };
  }
  return undefined;
}

/** A list of topics from a list, or from one string of them ("a, b" as Jekyll's `tags: a b` or a comma list). */
function topicsOf(value: unknown): unknown {
  // A tag that YAML reads as a number (`- 2024`) is still a tag.
  if (Array.isArray(value)) return value.map((t) => (typeof t === "number" ? String(t) : t));
  if (typeof value !== "string") return value;
  return value
    .split(value.includes(",") ? "," : /\s+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Maps the other generators' fields of `raw` onto Dispatch's. A field Dispatch itself names wins over its aliases;
 * topics from several aliases are merged. Anything not known here is left for the schema to call unknown.
 */
export function mapGeneratorFields(raw: Record<string, unknown>, moreIgnored: readonly string[] = []): MappedFields {
  const data: Record<string, unknown> = { ...raw };
  const sourceOf: Record<string, string> = {};
  const ignored: string[] = [];
  const take = (alias: string) => {
    const value = data[alias];
    delete data[alias];
    return value;
  };
  for (const key of Object.keys(raw))
    if (IGNORED_FIELDS.includes(key) || moreIgnored.includes(key)) {
      take(key);
      ignored.push(key);
    }
  // The post's addresses on the old site: Hugo's `aliases`, jekyll-redirect-from's `redirect_from`, and a `url` or
  // `permalink` that is a path (Dispatch's own `url` is the original's absolute address).
  const old: unknown[] = [];
  for (const key of ["aliases", "redirect_from", "permalink", "url"])
    if (key in data && (key !== "url" || (typeof raw.url === "string" && raw.url.startsWith("/")))) {
      sourceOf.oldPaths ??= key;
      old.push(take(key));
    }
  const oldPaths = old.flat().filter((p): p is string => typeof p === "string" && p.startsWith("/"));
  if (oldPaths.length > 0) data.oldPaths = [...new Set(oldPaths)];
  // Jekyll's `published: false` keeps a post out of the site: a draft here. (A `published` date is a date alias.)
  if (typeof raw.published === "boolean") {
    take("published");
    if (!("draft" in raw)) {
      if (!raw.published) data.draft = true;
      sourceOf.draft = "published";
    } else ignored.push("published");
  }
  for (const [field, aliases] of Object.entries(ALIASES) as [keyof typeof ALIASES, readonly string[]][]) {
    const present = aliases.filter((a) => a in data);
    if (present.length === 0) continue;
    if (field in raw) {
      for (const a of present) take(a);
      ignored.push(...present);
      continue;
    }
    const first = present[0] as string;
    sourceOf[field] = first;
    if (field === "topics") {
      const merged = present.flatMap((a) => {
        const t = topicsOf(take(a));
        return Array.isArray(t) ? t : [t];
      });
      data.topics = [...new Set(merged)];
      continue;
    }
    const value = take(first);
    for (const a of present.slice(1)) take(a);
    ignored.push(...present.slice(1));
    if (field === "byline") data.byline = namesOf(value) ? bylineOf(namesOf(value) as string[]) : value;
    else if (field === "image") {
      const picture = pictureOf(value);
      data.image = picture?.src ?? value;
      if (picture?.alt !== undefined && !("imageAlt" in raw)) data.imageAlt = picture.alt;
    } else if (field === "summary" && typeof value === "string") {
      // A description written for search engines may run past a summary's 300 characters: cut at a word.
      data.summary = value.trim().length < 300 ? value : cutAtWord(value.trim(), 299);
    } else data[field] = value;
  }
  return { data, sourceOf, ignored };
}
