// Feed conformance checks any test can run on bytes: each returns the problems found, none when the feed is valid.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { validateXML } from "xmllint-wasm";

const ATOM_RNG = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../fixtures/atom.rng"), "utf8");

export const JSON_FEED_1_1 = "https://jsonfeed.org/version/1.1";

/** RFC 3339 §5.6 date-time: the time zone is required (the Atom grammar's xsd:dateTime lets it go). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** RFC 822 §5 date-time as RSS 2.0 uses it (four-digit years allowed, as the W3C validator does). */
const RFC822 =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}|\d{4}) \d{2}:\d{2}(:\d{2})? (UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z]|[+-]\d{4})$/;
/** RFC 3987 IRI, as far as a regular expression can tell: a scheme, then no characters IRIs exclude. */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids, to report them.
export const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const EMAIL = /^[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+$/;

const isRfc3339 = (d: unknown): boolean => typeof d === "string" && RFC3339.test(d) && !Number.isNaN(Date.parse(d));
const isAbsoluteUrl = (u: unknown): boolean =>
  typeof u === "string" && /^https?:\/\/[^\s/]+/i.test(u) && URL.canParse(u);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function rfc822Problem(d: string | undefined, where: string): string | undefined {
  if (d === undefined) return undefined;
  const m = RFC822.exec(d);
  if (!m || Number.isNaN(Date.parse(d))) return `${where}: "${d}" is not an RFC 822 date-time`;
  // The W3C validator flags a weekday that does not fall on the date written.
  const [, weekday, day, month, year] = m;
  const y = Number(year) < 100 ? 1900 + Number(year) : Number(year);
  const actual = WEEKDAYS[new Date(Date.UTC(y, MONTHS.indexOf(month ?? ""), Number(day))).getUTCDay()];
  if (weekday && weekday !== actual) return `${where}: "${d}" is a ${actual}, not a ${weekday}`;
  return undefined;
}

/**
 * What a feed reader could be hurt or confused by in entry HTML: script, event handlers, javascript: URLs
 * (the W3C validator's "dangerous content") and relative URLs, which a reader has no base for.
 */
export function htmlProblems(html: string, where: string): string[] {
  const problems: string[] = [];
  for (const [tag, name = ""] of html.matchAll(/<([a-zA-Z][\w:-]*)\b[^>]*>/g)) {
    if (/^(script|iframe|object|embed|style|meta|link|base|form)$/i.test(name))
      problems.push(`${where}: <${name}> element`);
    for (const [, attr = "", value = ""] of tag.matchAll(/\s([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
      if (/^on/i.test(attr)) problems.push(`${where}: event handler ${attr}`);
      if (/^(href|src)$/i.test(attr)) {
        if (/^\s*javascript:/i.test(value)) problems.push(`${where}: javascript: URL`);
        else if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) problems.push(`${where}: relative URL ${attr}="${value}"`);
      }
    }
  }
  return problems;
}

/**
 * Well-formedness (and, given a RELAX NG grammar, validity) of each document by libxml2, as "name:line: message", in
 * one run: xmllint-wasm starts a worker thread and its WebAssembly module for every call, which cost a large site's
 * test about a tenth of a second a feed.
 */
async function libxml2(docs: readonly Doc[], rng?: string): Promise<string[][]> {
  if (docs.length === 0) return [];
  // Names of our own: a route's path is no file name libxml2's in-memory file system takes.
  const xml = docs.map((d, i) => ({ fileName: `document-${i}.xml`, contents: d.text }));
  const result = rng
    ? await validateXML({ xml, schema: [{ fileName: "atom.rng", contents: rng }], extension: "relaxng" })
    : await validateXML({ xml, normalization: "format" });
  const found: string[][] = docs.map(() => []);
  let last = -1;
  for (const e of result.errors) {
    // Each error names its document by its location or, for a summary such as "document-3.xml fails to validate", in
    // its text; a line that names none belongs to the error before it (libxml2 follows a parser error with the line
    // it was reading), or to every document when nothing came before (a grammar problem), so none passes.
    const named = /document-(\d+)\.xml/.exec(e.loc?.fileName ?? e.message)?.[1];
    const i = named === undefined ? last : Number(named);
    last = i;
    for (const [j, d] of docs.entries()) {
      if (i >= 0 && j !== i) continue;
      const message = e.message.replace(/document-\d+\.xml/g, d.name);
      found[j]?.push(`${d.name}${e.loc ? `:${e.loc.lineNumber}` : ""}: ${message}`);
    }
  }
  return found;
}

/** A document to check: its name in problems (a file name, or the path it was served at) and its text. */
export interface Doc {
  name: string;
  text: string;
}

const illegalChars = (text: string, name: string) =>
  XML_ILLEGAL.test(text) ? [`${name}: holds a character XML 1.0 forbids`] : [];

/**
 * Atom 1.0: the RFC 4287 RELAX NG grammar (Appendix B), then the rules the grammar leaves out: dates with a time zone
 * (§3.3), an author on the feed or on every entry (§4.1.1), an alternate link or content on every entry (§4.1.2),
 * ids that are IRIs (§4.2.6), exactly one rel="self" (§4.1.1 SHOULD, required by Dispatch), plus safe HTML content.
 */
export async function checkAtom(xml: string): Promise<string[]> {
  const [parsed = []] = await libxml2([{ name: "feed.atom", text: xml }], ATOM_RNG);
  return atomProblems(xml, parsed);
}

/** checkAtom's rules past the grammar, given what libxml2 found. */
function atomProblems(xml: string, parsed: string[]): string[] {
  const problems = [...illegalChars(xml, "feed.atom"), ...parsed];
  let feed: ReturnType<typeof parseAtomFeed>;
  try {
    feed = parseAtomFeed(xml);
  } catch (e) {
    return [...problems, `feed.atom: not parsed as Atom: ${(e as Error).message}`];
  }
  if (!isRfc3339(feed.updated)) problems.push(`feed: updated "${feed.updated}" is not RFC 3339 with a time zone`);
  if (!IRI.test(feed.id ?? "")) problems.push(`feed: id "${feed.id}" is not an IRI`);
  const selfLinks = (feed.links ?? []).filter((l) => l.rel === "self");
  if (selfLinks.length !== 1) problems.push(`feed: ${selfLinks.length} rel="self" links, want exactly one`);
  for (const l of feed.links ?? []) if (!isAbsoluteUrl(l.href)) problems.push(`feed: link "${l.href}" is not absolute`);
  const feedHasAuthor = (feed.authors ?? []).some((a) => a.name);
  const ids = new Set<string>();
  for (const [i, e] of (feed.entries ?? []).entries()) {
    const w = `entry ${i + 1} (${e.id})`;
    if (!IRI.test(e.id ?? "")) problems.push(`${w}: id is not an IRI`);
    if (e.id && ids.has(e.id)) problems.push(`${w}: duplicate id`);
    if (e.id) ids.add(e.id);
    if (!isRfc3339(e.updated)) problems.push(`${w}: updated "${e.updated}" is not RFC 3339 with a time zone`);
    if (e.published !== undefined && !isRfc3339(e.published))
      problems.push(`${w}: published "${e.published}" is not RFC 3339 with a time zone`);
    if (!feedHasAuthor && !(e.authors ?? []).some((a) => a.name))
      problems.push(`${w}: no author, and none on the feed`);
    const alternate = (e.links ?? []).some((l) => (l.rel ?? "alternate") === "alternate");
    if (!alternate && !e.content) problems.push(`${w}: neither an alternate link nor content`);
    for (const l of e.links ?? []) if (!isAbsoluteUrl(l.href)) problems.push(`${w}: link "${l.href}" is not absolute`);
    if (e.content?.type === "html" && e.content.value) problems.push(...htmlProblems(e.content.value, `${w} content`));
  }
  return problems;
}

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) as the W3C Feed Validation Service checks it: well-formed,
 * channel title/link/description, items with a title or description, RFC 822 dates, guid isPermaLink="false" unless
 * it is a URL, emails in <author>, atom:link rel="self", safe HTML with absolute URLs.
 */
export async function checkRss(xml: string): Promise<string[]> {
  const [parsed = []] = await libxml2([{ name: "feed.rss", text: xml }]);
  return rssProblems(xml, parsed);
}

/** checkRss's rules past well-formedness, given what libxml2 found. */
function rssProblems(xml: string, parsed: string[]): string[] {
  const problems = [...illegalChars(xml, "feed.rss"), ...parsed];
  if (problems.length) return problems;
  if (!/<rss\b[^>]*\bversion="2\.0"/.test(xml)) problems.push('feed.rss: root is not <rss version="2.0">');
  let feed: ReturnType<typeof parseRssFeed>;
  try {
    feed = parseRssFeed(xml);
  } catch (e) {
    return [...problems, `feed.rss: not parsed as RSS: ${(e as Error).message}`];
  }
  if (!feed.title) problems.push("channel: no title");
  if (!isAbsoluteUrl(feed.link)) problems.push(`channel: link "${feed.link}" is not an absolute URL`);
  if (feed.description === undefined && !/<channel>[\s\S]*?<description>/.test(xml))
    problems.push("channel: no description");
  const atomLinks: { rel?: string; href?: string }[] = feed.atom?.links ?? [];
  const selfLinks = atomLinks.filter((l) => l.rel === "self");
  if (selfLinks.length !== 1) problems.push(`channel: ${selfLinks.length} atom:link rel="self", want exactly one`);
  for (const l of atomLinks) if (!isAbsoluteUrl(l.href)) problems.push(`channel: atom:link "${l.href}"`);
  const dateProblems = [
    rfc822Problem(feed.pubDate, "channel pubDate"),
    rfc822Problem(feed.lastBuildDate, "channel lastBuildDate"),
  ];
  const guids = new Set<string>();
  for (const [i, item] of (feed.items ?? []).entries()) {
    const w = `item ${i + 1} (${item.guid?.value ?? item.link})`;
    if (!item.title && !item.description) problems.push(`${w}: neither title nor description`);
    if (item.link !== undefined && !isAbsoluteUrl(item.link))
      problems.push(`${w}: link "${item.link}" is not absolute`);
    dateProblems.push(rfc822Problem(item.pubDate, `${w} pubDate`));
    const guid = item.guid;
    if (guid) {
      if (guids.has(guid.value)) problems.push(`${w}: duplicate guid`);
      guids.add(guid.value);
      if (guid.isPermaLink !== false && !isAbsoluteUrl(guid.value))
        problems.push(`${w}: guid "${guid.value}" is not a URL, so isPermaLink must be "false"`);
    }
    // RSS 2.0 <author> is an email address, optionally with a name: "desk@example.com (Dispatch desk)".
    for (const a of item.authors ?? [])
      if (!EMAIL.test(a.email ?? "")) problems.push(`${w}: author "${a.name ?? a.email}" is not an email address`);
    if (item.description) problems.push(...htmlProblems(item.description, `${w} description`));
    if (item.content?.encoded) problems.push(...htmlProblems(item.content.encoded, `${w} content:encoded`));
  }
  return [...problems, ...dateProblems.filter((p): p is string => p !== undefined)];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function authorsProblems(o: Json, where: string): string[] {
  const problems: string[] = [];
  if ("author" in o) problems.push(`${where}: "author" is JSON Feed 1.0; 1.1 uses "authors"`);
  if (!("authors" in o)) return problems;
  const authors = o.authors;
  if (!Array.isArray(authors)) return [...problems, `${where}: authors is not an array`];
  for (const a of authors) {
    if (!isObject(a) || !["name", "url", "avatar"].some((k) => typeof a[k] === "string"))
      problems.push(`${where}: an author has none of name, url, avatar`);
    else if (a.url !== undefined && !isAbsoluteUrl(a.url)) problems.push(`${where}: author url "${a.url}"`);
  }
  return problems;
}

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the version URL, a title, items with a string id and
 * content_html or content_text, absolute URLs (home_page_url and feed_url required here), RFC 3339 dates,
 * `authors` arrays and no 1.0 `author`, safe HTML with absolute URLs.
 */
export function checkJsonFeed(text: string): string[] {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (e) {
    return [`feed.json: not JSON: ${(e as Error).message}`];
  }
  if (!isObject(feed)) return ["feed.json: not an object"];
  const problems: string[] = [];
  if (feed.version !== JSON_FEED_1_1) problems.push(`feed: version is ${JSON.stringify(feed.version)}`);
  if (typeof feed.title !== "string" || !feed.title) problems.push("feed: no title");
  for (const k of ["home_page_url", "feed_url"])
    if (!isAbsoluteUrl(feed[k])) problems.push(`feed: ${k} ${JSON.stringify(feed[k])} is not an absolute URL`);
  for (const k of ["next_url", "icon", "favicon"])
    if (feed[k] !== undefined && !isAbsoluteUrl(feed[k])) problems.push(`feed: ${k} is not an absolute URL`);
  if (feed.language !== undefined && typeof feed.language !== "string") problems.push("feed: language is not a string");
  problems.push(...authorsProblems(feed, "feed"));
  if (!Array.isArray(feed.items)) return [...problems, "feed: items is not an array"];
  const ids = new Set<string>();
  for (const [i, item] of feed.items.entries()) {
    if (!isObject(item)) {
      problems.push(`item ${i + 1}: not an object`);
      continue;
    }
    const w = `item ${i + 1} (${String(item.id)})`;
    if (typeof item.id !== "string" || !item.id) problems.push(`${w}: id is not a non-empty string`);
    else if (ids.has(item.id)) problems.push(`${w}: duplicate id`);
    else ids.add(item.id);
    if (typeof item.content_html !== "string" && typeof item.content_text !== "string")
      problems.push(`${w}: neither content_html nor content_text`);
    for (const k of ["url", "external_url", "image", "banner_image"])
      if (item[k] !== undefined && !isAbsoluteUrl(item[k])) problems.push(`${w}: ${k} is not an absolute URL`);
    for (const k of ["date_published", "date_modified"])
      if (item[k] !== undefined && !isRfc3339(item[k])) problems.push(`${w}: ${k} ${JSON.stringify(item[k])}`);
    for (const k of ["title", "summary", "language"])
      if (item[k] !== undefined && typeof item[k] !== "string") problems.push(`${w}: ${k} is not a string`);
    if (item.tags !== undefined && !(Array.isArray(item.tags) && item.tags.every((t) => typeof t === "string")))
      problems.push(`${w}: tags is not an array of strings`);
    problems.push(...authorsProblems(item, w));
    if (typeof item.content_html === "string") problems.push(...htmlProblems(item.content_html, `${w} content_html`));
  }
  return problems;
}

/** Well-formed XML by libxml2, for OPML and anything else without a grammar here. */
export async function checkXml(xml: string, name = "document.xml"): Promise<string[]> {
  const [parsed = []] = await libxml2([{ name, text: xml }]);
  return [...illegalChars(xml, name), ...parsed];
}

/**
 * Every document's problems, each prefixed with its name, checked by its name's suffix as checkAtom, checkRss,
 * checkJsonFeed or checkXml do, with one libxml2 run per kind instead of one a document.
 */
export async function checkDocuments(docs: readonly Doc[]): Promise<string[]> {
  const suffix = (d: Doc) => /\.(atom|rss|json)$/.exec(new URL(d.name, "http://x").pathname)?.[1] ?? "xml";
  const of = (kind: string) => docs.filter((d) => suffix(d) === kind);
  const [atom, rss, xml] = [of("atom"), of("rss"), of("xml")];
  const [atomParsed, rssParsed, xmlParsed] = await Promise.all([libxml2(atom, ATOM_RNG), libxml2(rss), libxml2(xml)]);
  const named = (d: Doc, problems: string[]) => problems.map((p) => (p.startsWith(d.name) ? p : `${d.name}: ${p}`));
  return [
    ...atom.flatMap((d, i) => named(d, atomProblems(d.text, atomParsed[i] ?? []))),
    ...rss.flatMap((d, i) => named(d, rssProblems(d.text, rssParsed[i] ?? []))),
    ...of("json").flatMap((d) => named(d, checkJsonFeed(d.text))),
    ...xml.flatMap((d, i) => named(d, [...illegalChars(d.text, d.name), ...(xmlParsed[i] ?? [])])),
  ];
}
