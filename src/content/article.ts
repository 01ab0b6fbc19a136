// One content file to an article record, as named steps: decode, parse, body by file type, check, derive.
import { extname, posix } from "node:path";
import type { ArticleRecord } from "../shared/article.js";
import { xmlSafe } from "../shared/escape.js";
import { articleId } from "../shared/ids.js";
import { weekOfDate } from "../shared/isoweek.js";
import type { SiteConfig } from "../shared/site.js";
import { cleanClipping, type Removal } from "./clean.js";
import { authorsOf, countWords, readingMinutes, resolveDate, slugFromFileName, slugify, summarize } from "./derive.js";
import { type FrontMatter, type ParsedFile, parseFrontMatter, UNCONFIRMABLE } from "./front-matter.js";
import { type LinkBase, resolveLinks, resolveUrl } from "./links.js";
import { firstImage, htmlToText, markdownToHtml, paragraphsToHtml, proseParagraphs } from "./markdown.js";
import type { Problem } from "./problems.js";
import { convertTemplates, mdxAsMarkdown } from "./templates.js";
import { deriveTopics, normalizeTopics } from "./topics.js";
import type { LineOf } from "./yaml.js";

/** The first instant the W3C feed validator finds plausible: 1990-01-01T00:00:00Z. */
const PLAUSIBLE_FROM = Date.UTC(1990, 0, 1);

/**
 * Largest article file accepted. A post is a few tens of KiB, but real archives hold long ones (release notes with
 * whole changelogs run past 800 KiB); 4 MiB keeps every value it makes (page, entry, feeds) far under KV's 25 MiB.
 */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Markdown under the names Jekyll and other generators give it, and plain-text clippings. */
const SUPPORTED = [".md", ".markdown", ".mdx", ".txt"];

/**
 * Text in another article format: not published, and not something to leave out quietly either, since it may be a
 * post the publisher meant to convert. Any other file that is not an article (pictures, code samples, documents a
 * post links to) is an attachment kept beside the posts.
 */
const OTHER_ARTICLE_FORMAT = /\.(?:docx?|odt|rtf|pages|org|rst|adoc|asciidoc|textile|html?)$/i;
/** A generator's listing page (Hugo's `_index.md`) or a folder's README: a page about posts, not a post. */
const LISTING = /^(?:_index|readme)\.(?:md|markdown|mdx|txt)$/i;

/** What the cleaner removed from one clipping, for the cleaning report. */
export interface FileReport {
  file: string;
  removals: Removal[];
  whitespaceFixes: number;
}

/** What reading one file gives: its record (unless it has problems), and what the checks across files need. */
export interface ReadOne {
  article?: ArticleRecord;
  report?: FileReport;
  problems: Problem[];
  /** Problems that do not stop the build (a date before 1990). The future-date check is the caller's: it needs a clock. */
  warnings: Problem[];
  /** The slug, and the line that gives it (1 when it comes from the file name), once the front matter is valid. */
  slug?: { slug: string; line: number };
  /** The line of the date field, for problems about it. */
  dateLine?: number;
  /** The instant of `date`, for the future check. */
  published?: number;
  draft?: boolean;
  /** Front-matter fields set aside: only another generator's templates use them. */
  ignored?: string[];
  /** Why the file is not an article and was left out: a listing page, a redirect stub, a file kept beside the posts. */
  leftOut?: "listing" | "attachment" | "redirect";
  /** The site paths the body links to (relative links resolved), each with the line that writes it, to check. */
  siteLinks?: { path: string; line: number; field: string }[];
}

// ---------------------------------------------------------------- decode

/** Line breaks as a reader's editor counts them: LF, CRLF, or a lone CR (old Mac files). */
const LINE_BREAK = /\r\n?|\n/g;

/** The 1-based line holding the first byte sequence that is not UTF-8. */
function firstInvalidLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = bytes[i];
    if (i === bytes.length || b === 0x0a || b === 0x0d) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      // CRLF is one break.
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      line++;
      start = i + 1;
    }
  }
  return 1;
}

/** Step 1: the file's text, with LF line ends and nothing XML cannot carry; or why it cannot be read. */
export function decode(file: string, bytes: Uint8Array): { source: string } | { problems: Problem[] } {
  const ext = extname(file).toLowerCase();
  if (!SUPPORTED.includes(ext))
    return {
      problems: [
        {
          file,
          line: 1,
          field: "file",
          message: `unsupported file type '${ext || "(none)"}': use .md (or .markdown, .mdx) or .txt`,
        },
      ],
    };
  if (bytes.length > MAX_FILE_BYTES)
    return {
      problems: [
        { file, line: 1, field: "file", message: `too large: ${bytes.length} bytes, the limit is ${MAX_FILE_BYTES}` },
      ],
    };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const line = firstInvalidLine(bytes);
    return { problems: [{ file, line, field: "encoding", message: "not UTF-8: save the file as UTF-8" }] };
  }
  return { source: xmlSafe(text.replace(/^\uFEFF/, "").replace(LINE_BREAK, "\n")) };
}

// ---------------------------------------------------------------- body, by file type

interface Body {
  html: string;
  text: string;
  paragraphs: string[];
  /** The headline the body gave, when the front matter has no title. */
  title?: string;
  report?: FileReport;
  image?: { src: string; alt: string };
  problems: Problem[];
  warnings?: Problem[];
  /** Links to the site's own paths, as written and resolved. */
  links?: [written: string, path: string][];
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

/** A .txt clipping: cleaned of page debris, every removal reported with its line. */
function clippingBody(file: string, parsed: ParsedFile, fm: FrontMatter): Body {
  const cleaned = cleanClipping(parsed.body, {
    firstLine: parsed.bodyLine,
    title: fm.title,
    publisher: fm.publisher,
    byline: fm.byline,
    keep: fm.clean?.keep,
    remove: fm.clean?.remove,
  });
  const itemLine = overrideLines(fm.clean, parsed.lineOf);
  const problems: Problem[] = [
    ...cleaned.unmatched.keep.map((k) => ({
      file,
      line: itemLine("keep", k),
      field: "clean.keep",
      message: `matches nothing the cleaner removed: '${k}'`,
    })),
    ...cleaned.unmatched.remove.map((r) => ({
      file,
      line: itemLine("remove", r),
      field: "clean.remove",
      message: `matches no line of the text: '${r}'`,
    })),
  ];
  return {
    html: paragraphsToHtml(cleaned.paragraphs),
    text: cleaned.paragraphs.join("\n\n"),
    paragraphs: cleaned.paragraphs,
    ...(cleaned.title === undefined ? {} : { title: cleaned.title }),
    report: { file, removals: cleaned.removals, whitespaceFixes: cleaned.whitespaceFixes },
    problems,
  };
}

/**
 * Headings compared as a reader reads them (case, punctuation and spacing aside): as their slugs, when they give one
 * (a heading in a script slugify does not transliterate gives none, and two such are not thereby the same).
 */
const sameWords = (a: string, b: string) => readsAs(b)(a);

/**
 * Whether a text reads as `title` (sameWords), for many texts against one title: slugify keeps every ASCII letter and
 * digit, so a text with more of them than the title's slug has characters cannot be the title and is not slugified
 * (a long body's paragraphs were a fifteenth of the time to read a file).
 */
function readsAs(title: string): (text: string) => boolean {
  const slug = slugify(title);
  return (text) => {
    if (slug === "") return false;
    let alphanumerics = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const alphanumeric = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (alphanumeric && ++alphanumerics > slug.length) return false;
    }
    return slugify(text) === slug;
  };
}

/** The excerpt separator of Jekyll, Hugo and WordPress: what comes before it is the post's summary. */
const MORE = /^\s*<!--\s*more\s*-->\s*$/m;

/**
 * A .md post: Markdown to sanitised HTML. A first "# Heading" is the title when the front matter gives none, and is
 * dropped when it repeats the front matter's title. Other generators' template syntax is converted or reported.
 */
function markdownBody(file: string, parsed: ParsedFile, fm: FrontMatter, base: LinkBase): Body {
  const warnings: Problem[] = [];
  let source = parsed.body;
  if (extname(file).toLowerCase() === ".mdx") {
    const mdx = mdxAsMarkdown(source);
    source = mdx.markdown;
    const lines = mdx.changed.map((i) => i + parsed.bodyLine);
    if (lines.length > 0)
      warnings.push({
        file,
        line: lines[0] as number,
        field: "body",
        message: `MDX import, export and component lines read as Markdown: the code and the components' tags are left out, their text kept (${lines.length === 1 ? "this line" : `lines ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", …" : ""}`}); check what the components showed`,
      });
  }
  const folder = posix.dirname(base.rel);
  const converted = convertTemplates(source, folder === "." ? "" : "../".repeat(folder.split("/").length));
  let body = converted.markdown;
  let title: string | undefined;
  if (!fm.title) {
    const h1 = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(body);
    if (h1?.[1]) {
      title = h1[1];
      body = body.replace(h1[0], "");
    }
  } else {
    // Blogs often open with the title again as a heading; the page already shows it as its h1.
    const opening = /^\s*#{1,2}\s+(.+?)\s*#*\s*$/.exec(body.split("\n").find((l) => l.trim() !== "") ?? "");
    if (opening?.[1] && sameWords(opening[1], fm.title)) body = body.replace(opening[0], "");
  }
  const problems: Problem[] = fm.clean
    ? [{ file, line: parsed.lineOf(["clean"]), field: "clean", message: "applies to .txt clippings only" }]
    : [];
  const [first, ...more] = converted.leftovers;
  if (first) {
    const lines = [first, ...more].map((l) => l.index + parsed.bodyLine);
    warnings.push({
      file,
      line: lines[0] as number,
      field: "body",
      message: `template syntax left as text on ${lines.length === 1 ? "this line" : `${lines.length} lines (${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", …" : ""})`}, such as ${first.tag}: Dispatch runs no templates; write what it produced instead`,
    });
  }
  const { html, links } = resolveLinks(markdownToHtml(body), base);
  const text = htmlToText(html);
  const image = firstImage(html);
  const excerpt = MORE.exec(body);
  const prose = proseParagraphs(excerpt ? resolveLinks(markdownToHtml(body.slice(0, excerpt.index)), base).html : html);
  const isTitle = readsAs(fm.title ?? "");
  const paragraphs = excerpt ? [prose.join(" ")] : prose.filter((p) => !isTitle(p));
  return {
    html,
    text,
    paragraphs: paragraphs.length > 0 ? paragraphs : text.split(/\n{2,}/),
    ...(title === undefined ? {} : { title }),
    ...(image ? { image } : {}),
    problems,
    warnings,
    links,
  };
}

// ---------------------------------------------------------------- checks across fields

/** Step 4: what the schema cannot see in one field: dates in order, unconfirmed facts that are given, topics that make slugs. */
function checkFields(file: string, parsed: ParsedFile, fm: FrontMatter, site: SiteConfig) {
  const { lineOf } = parsed;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const published = resolveDate(fm.date, site.timeZone);
  const updated = fm.updated ? resolveDate(fm.updated, site.timeZone) : published;
  if (updated.instant < published.instant)
    problems.push({ file, line: lineOf(["updated"]), field: "updated", message: "is before date" });
  // The W3C Feed Validation Service calls a date before 1990 implausible (its ImplausibleDate check), and before 1970
  // some readers go wrong outright: newsboat reads 1969-12-31 as the year 2106. Published, with a warning.
  if (published.instant < PLAUSIBLE_FROM)
    warnings.push({
      file,
      line: lineOf(["date"]),
      field: "date",
      message: `is before 1990 (${published.date}): the W3C feed validator calls such dates implausible${published.instant < 0 ? ", and some readers misread dates before 1970 (newsboat shows 1969-12-31 as 2106)" : ""}; check it`,
    });
  const unconfirmed = UNCONFIRMABLE.filter((f) => fm.unconfirmed?.includes(f));
  for (const f of unconfirmed) {
    if (f !== "date" && fm[f] === undefined)
      problems.push({
        file,
        line: lineOf(["unconfirmed", fm.unconfirmed?.indexOf(f) ?? 0]),
        field: "unconfirmed",
        message: `lists '${f}', which the front matter does not give`,
      });
  }
  (fm.topics ?? []).forEach((given, i) => {
    if (!slugify(given))
      problems.push({
        file,
        line: lineOf(["topics", i]),
        field: "topics",
        message: `'${given}' gives no topic slug (no Latin, Greek or Cyrillic letters or digits): write it in words`,
      });
  });
  const topics = normalizeTopics(site, fm.topics ?? []);
  return { problems, warnings, published, updated, unconfirmed, topics };
}

// ---------------------------------------------------------------- the steps together

/** Step 0: why a file is no article, told by its name and first bytes before it is read. */
function leftOutByName(name: string, bytes: Uint8Array): ReadOne["leftOut"] {
  if (LISTING.test(name)) return "listing";
  // An HTML file with no front matter is a fragment or page a post includes or links to; with it, a post.
  const firstLine = new TextDecoder().decode(bytes.subarray(0, 8)).split("\n")[0] ?? "";
  if (/\.html?$/i.test(name) && !/^(?:---|\+\+\+|\{)\s*$/.test(firstLine)) return "attachment";
  if (!SUPPORTED.includes(extname(name).toLowerCase()) && !OTHER_ARTICLE_FORMAT.test(name)) return "attachment";
  return undefined;
}

/** Why a file whose front matter is no article's is left out rather than refused: a section page, a redirect stub. */
function leftOutByFrontMatter(bundle: boolean, parsed: ParsedFile): ReadOne["leftOut"] {
  // A page bundle's index.md with no date is a section's page (Hugo, Eleventy), not a post.
  if (bundle && parsed.problems.some((p) => p.field === "date" && p.message === "is required")) return "listing";
  // An about or contact page (`layout: page`, no date) is the old site's page, not a post.
  if (parsed.page) return "listing";
  // A redirect stub (jekyll-redirect-from's `redirect_to`, a `redirect:` page): an old address, not a post.
  return parsed.redirect ? "redirect" : undefined;
}

/** Step 4b: problems of the file as a whole: a slug, a title and some text. */
function wholeFileProblems(file: string, slug: string, title: string | undefined, body: Body, bodyLine: number) {
  const problems: Problem[] = [];
  if (slug === "")
    problems.push({
      file,
      line: 1,
      field: "slug",
      message:
        "the file name gives no slug (no Latin, Greek or Cyrillic letters or digits): add one, such as slug: strikes-on-syria",
    });
  if (!body.text.trim())
    problems.push({
      file,
      line: bodyLine,
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
  return problems;
}

/** Step 5: what feeds, pages and the digest need, from a file with no problems. */
function recordOf(
  site: SiteConfig,
  fm: FrontMatter,
  checked: ReturnType<typeof checkFields>,
  body: Body,
  slug: string,
  title: string,
): ArticleRecord {
  const { published, updated, unconfirmed } = checked;
  const publisher = fm.publisher ?? site.title;
  const topics = checked.topics.length > 0 ? checked.topics : deriveTopics(site, title, body.text);
  const wordCount = countWords(body.text);
  const image = fm.image
    ? { src: fm.image, alt: fm.imageAlt ?? "" }
    : body.image && { src: body.image.src, alt: fm.imageAlt ?? body.image.alt };
  return {
    slug,
    id: articleId(site.idAuthority, published.date, slug),
    title,
    published: published.rfc3339,
    updated: updated.rfc3339,
    date: published.date,
    week: weekOfDate(published.date),
    publisher,
    ...(fm.byline ? { byline: fm.byline } : {}),
    authors: authorsOf(fm.byline, publisher, site.authors),
    // One spelling of the original's address everywhere (feeds, pages, the text digest): the WHATWG serialisation,
    // which percent-encodes spaces that mail clients would otherwise cut the link at.
    ...(fm.url ? { url: new URL(fm.url).href } : {}),
    ...(image ? { image } : {}),
    ...(unconfirmed.length > 0 ? { unconfirmed } : {}),
    ...(fm.draft ? { draft: true } : {}),
    ...(fm.oldPaths ? { oldPaths: fm.oldPaths } : {}),
    topics,
    topicsDerived: !fm.topics?.length,
    summary: fm.summary ?? summarize(body.paragraphs),
    wordCount,
    readingMinutes: readingMinutes(wordCount),
    html: body.html,
  };
}

/** Each linked site path once, with the first line of `source` that writes it as it was written. */
function linesOf(source: string, links: readonly [string, string][]): { path: string; line: number; field: string }[] {
  const out = new Map<string, number>();
  for (const [written, path] of links) {
    if (out.has(path)) continue;
    const at = source.indexOf(written);
    out.set(path, at < 0 ? 1 : source.slice(0, at).split("\n").length);
  }
  return [...out].map(([path, line]) => ({ path, line, field: "body" }));
}

/**
 * Reads and checks one file: once its front matter is valid, every check runs, so its problems come at once. Returns
 * its record unless it has problems. `file` is the path relative to the project, as problems name it.
 */
export function readArticle(site: SiteConfig, file: string, bytes: Uint8Array, contentPrefix = "content/"): ReadOne {
  const name = file.split("/").pop() ?? file;
  const byName = leftOutByName(name, bytes);
  if (byName) return { problems: [], warnings: [], leftOut: byName };
  const decoded = decode(file, bytes);
  if ("problems" in decoded) return { problems: decoded.problems, warnings: [] };
  const parsed = parseFrontMatter(file, decoded.source, site.ignoreFields);
  const fm = parsed.data;
  const bundle = /^index\.(?:md|markdown|mdx)$/i.test(name);
  // A page bundle (`my-post/index.md`, pictures beside it) is named by its folder.
  const nameSlug = slugFromFileName(bundle ? (file.split("/").at(-2) ?? name) : name);
  if (!fm) {
    const leftOut = leftOutByFrontMatter(bundle, parsed);
    if (leftOut) return { problems: [], warnings: [], leftOut };
    // The slug its name gives, so a slug two files share is reported in this build too, not after the fix.
    return { problems: parsed.problems, warnings: [], ...(nameSlug ? { slug: { slug: nameSlug, line: 1 } } : {}) };
  }
  const slug = fm.slug ?? nameSlug;
  const checked = checkFields(file, parsed, fm, site);
  const base: LinkBase = {
    rel: file.startsWith(contentPrefix) ? file.slice(contentPrefix.length) : file,
    ...(bundle ? { bundleSlug: slug } : {}),
  };
  const body = (extname(file).toLowerCase() === ".txt" ? clippingBody : markdownBody)(file, parsed, fm, base);
  const title = fm.title ?? body.title;
  const problems = [
    ...parsed.problems,
    ...checked.problems,
    ...body.problems,
    ...wholeFileProblems(file, slug, title, body, parsed.bodyLine),
  ];
  const outcome: ReadOne = {
    problems,
    warnings: [...checked.warnings, ...(body.warnings ?? [])],
    ...(body.report ? { report: body.report } : {}),
    ...(slug ? { slug: { slug, line: fm.slug ? parsed.lineOf(["slug"]) : 1 } } : {}),
    dateLine: parsed.lineOf(["date"]),
    published: checked.published.instant,
    ...(fm.draft ? { draft: true } : {}),
    ...(parsed.ignored.length > 0 ? { ignored: parsed.ignored } : {}),
  };
  // A cover picture named beside the post (`image: cover.jpg` in a page bundle) is where the post's files are served.
  const resolved = fm.image ? { ...fm, image: resolveUrl(fm.image, base) } : fm;
  const siteLinks = [
    ...(resolved.image?.startsWith("/")
      ? [{ path: resolved.image, line: parsed.lineOf(["image"]), field: "image" }]
      : []),
    ...linesOf(decoded.source, body.links ?? []),
  ];
  if (siteLinks.length > 0) outcome.siteLinks = siteLinks;
  if (problems.length === 0 && title) outcome.article = recordOf(site, resolved, checked, body, slug, title);
  return outcome;
}
