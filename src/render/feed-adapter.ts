// The one module that drives the `feed` package (6.0.0) and repairs what it gets wrong, so every format comes out valid.

import { type Author, Feed } from "feed";
import { escapeMarkup, hasXmlUnsafe } from "../shared/escape.js";
import type { FeedFormat } from "../shared/routes.js";
import type { FeedDocument, FeedEntry, FeedPerson } from "./feed-types.js";

/*
 * What `feed` 6.0.0 gets wrong, and the repair here (each pinned by test/render/feed-adapter.test.ts):
 *  1. Escaping: CDATA splits only the first "]]>", attribute values escape `"` but not `<`, and text un-escapes
 *     "&amp;" before escaping. Every string handed to the package is a placeholder (a "slot"); once the package has
 *     laid out the document, each slot is replaced by the XML-escaped string, CDATA wrapper included, so all text
 *     goes through one escaping function.
 *  2. XML-illegal characters (https://www.w3.org/TR/xml/#charsets: C0 controls but tab/LF/CR, U+FFFE, U+FFFF, lone
 *     surrogates) pass straight through: the build removes them from everything it reads (xmlSafe), so no document
 *     handed to this module holds one; a finished document that does is refused with an error (`Slots.fill`),
 *     rather than written as XML no parser accepts.
 *  3. Atom: no xml:lang; entry titles and summaries declared type="html" though Dispatch's are plain text; links
 *     without type; no rel="via", no RFC 5005 links (https://www.rfc-editor.org/rfc/rfc5005): added here. A title
 *     or summary with "<" or "&" in its text stays type="html", its text escaped as HTML, because the W3C validator
 *     reads "</b>" or "&amp;" in type="text" as undeclared markup (ContainsUndeclaredHTML).
 * 10. An item image becomes an enclosure, which is for media files: entry images go out as Media RSS
 *     (https://www.rssboard.org/media-rss) media:content medium="image" and media:thumbnail instead, in Atom and RSS.
 *  4. JSON Feed 1.0 only: the package's output is rewritten as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/):
 *     version URL, `authors` arrays, `language`, `external_url`, `next_url`, `hubs`.
 *  5. `updated` defaults to the time of rendering: FeedDocument.updated is required, so the same content gives
 *     the same bytes.
 *  6. Dates printed with toISOString(), in UTC: OffsetDate prints the RFC 3339 text it was given, offset kept.
 *  7. Atom entry ids go through `new URL()`: a non-URL id throws and an IRI is re-encoded (a different id to a
 *     reader, RFC 4287 §4.2.6). Ids go out verbatim through a slot; `prepare` checks they are absolute IRIs.
 *  8. A category with no term (invalid Atom, RFC 4287 §4.2.2) and a person with no name (§3.2.1) go out unchecked:
 *     `prepare` rejects them with an error naming the entry and field.
 *  9. RSS <author> holds names, but RSS 2.0 requires an email address there: names go in dc:creator instead, as the
 *     W3C Feed Validation Service recommends.
 */

const GENERATOR = "Dispatch";

const NS = {
  atom: "http://www.w3.org/2005/Atom",
  fh: "http://purl.org/syndication/history/1.0",
  dc: "http://purl.org/dc/elements/1.1/",
  content: "http://purl.org/rss/1.0/modules/content/",
  media: "http://search.yahoo.com/mrss/",
};

const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/** A Date that prints as the RFC 3339 text it was made from, offset included, where the package calls toISOString(). */
class OffsetDate extends Date {
  private readonly text: string;
  constructor(rfc3339: string) {
    super(Date.parse(rfc3339));
    this.text = rfc3339;
  }
  override toISOString(): string {
    return this.text;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// RFC 3987 IRI: a scheme, a colon, then none of the characters IRIs exclude (other controls are gone by then).
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\u007F]+$/;

/** Stand-ins the package copies through untouched, replaced by the escaped strings once it has done its layout. */
class Slots {
  private readonly values: { value: string; hex: boolean }[] = [];
  /**
   * For text and attribute values: bracketed by U+FFFE and U+FFFF, which cleaned input cannot contain. `hex` escapes
   * "&" and "<" as hexadecimal character references, the one spelling the W3C validator accepts in RSS plain-text
   * elements without a "contains HTML" warning (CharacterData).
   */
  text(value: string, hex = false): string {
    return `\uFFFE${this.values.push({ value, hex }) - 1}\uFFFF`;
  }
  /** For the Atom entry id, which the package parses as a URL; filled only inside <id>. */
  url(value: string): string {
    return `urn:x-dispatch-slot:${this.values.push({ value, hex: false }) - 1}`;
  }
  fill(xml: string): string {
    const value = (i: string) => {
      const slot = this.values[Number(i)];
      if (!slot) return "";
      return slot.hex
        ? slot.value.replace(/[&<>"]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`)
        : escapeMarkup(slot.value);
    };
    const out = xml
      .replace(/<!\[CDATA\[\uFFFE(\d+)\uFFFF\]\]>/g, (_, i: string) => value(i))
      .replace(/\uFFFE(\d+)\uFFFF/g, (_, i: string) => value(i))
      .replace(/<id>urn:x-dispatch-slot:(\d+)<\/id>/g, (_, i: string) => `<id>${value(i)}</id>`);
    if (hasXmlUnsafe(out)) throw new Error("feed adapter: the document holds a character XML cannot carry");
    if (/urn:x-dispatch-slot:/.test(out)) throw new Error("feed adapter: a slot was not filled");
    return out;
  }
}

/**
 * The document with its URLs serialised as the WHATWG parser does, or an error listing every field a valid feed
 * cannot carry: ids that are not IRIs, dates without a time zone, nameless people, categories without a term.
 */
export function prepare(input: FeedDocument): FeedDocument {
  const doc = input;
  const problems: string[] = [];
  const checkId = (id: string, w: string) => IRI.test(id) || problems.push(`${w}: id "${id}" is not an absolute IRI`);
  const checkDate = (d: string, w: string, field: string) =>
    (RFC3339.test(d) && !Number.isNaN(Date.parse(d))) ||
    problems.push(`${w}: ${field} "${d}" is not an RFC 3339 date-time with a time zone`);
  const checkPerson = (p: FeedPerson, w: string) => p.name.trim() || problems.push(`${w}: an author has no name`);
  // Serialised as the WHATWG URL parser does, as the package does with the URLs it is given.
  const url = (u: string, w: string, field: string) => {
    const parsed = URL.canParse(u) ? new URL(u) : undefined;
    if (parsed && /^https?:$/.test(parsed.protocol)) return parsed.href;
    problems.push(`${w}: ${field}: "${u}" is not an absolute http(s) URL`);
    return u;
  };

  checkId(doc.id, "feed");
  checkDate(doc.updated, "feed", "updated");
  checkPerson(doc.author, "feed");
  if (!doc.language) problems.push("feed: no language");
  const entries = doc.entries.map((e) => {
    const w = `entry ${e.id}`;
    checkId(e.id, w);
    checkDate(e.published, w, "published");
    checkDate(e.updated, w, "updated");
    for (const p of e.authors) checkPerson(p, w);
    for (const c of e.categories) if (!c.term.trim()) problems.push(`${w}: category "${c.label}" has no term`);
    return {
      ...e,
      link: url(e.link, w, "link"),
      via: e.via === undefined ? undefined : url(e.via, w, "via"),
      authors: e.authors.map((p) => ({ ...p, uri: p.uri === undefined ? undefined : url(p.uri, w, "author uri") })),
      categories: e.categories.map((c) => ({ ...c, scheme: url(c.scheme, w, "category scheme") })),
      image: e.image && { ...e.image, url: url(e.image.url, w, "image") },
    };
  });
  const paging = doc.paging && {
    archive: doc.paging.archive,
    complete: doc.paging.complete,
    current: doc.paging.current && url(doc.paging.current, "feed", "current"),
    prevArchive: doc.paging.prevArchive && url(doc.paging.prevArchive, "feed", "prev-archive"),
    nextArchive: doc.paging.nextArchive && url(doc.paging.nextArchive, "feed", "next-archive"),
  };
  const prepared: FeedDocument = {
    ...doc,
    self: url(doc.self, "feed", "self"),
    alternate: url(doc.alternate, "feed", "alternate"),
    alternates: doc.alternates?.map((a) => ({ ...a, href: url(a.href, "feed", "alternates") })),
    hub: doc.hub ? url(doc.hub, "feed", "hub") : undefined,
    icon: doc.icon ? url(doc.icon, "feed", "icon") : undefined,
    author: { ...doc.author, uri: doc.author.uri && url(doc.author.uri, "feed", "author uri") },
    entries,
    paging,
  };
  if (problems.length) throw new Error(`Cannot render feed ${input.self}:\n  ${problems.join("\n  ")}`);
  return prepared;
}

/** Replaces `pattern` (which must match exactly `times` times) using `make(i)` for the i-th match. */
function rewrite(xml: string, pattern: RegExp, times: number, make: (match: string, i: number) => string): string {
  let i = 0;
  const out = xml.replace(pattern, (m) => make(m, i++));
  if (i !== times) throw new Error(`feed adapter: expected ${times} of ${pattern} in the package's output, found ${i}`);
  return out;
}

/** Adds the namespace declarations `ns` to the root element `tag`, leaving those already there. */
function declare(xml: string, tag: string, ns: Record<string, string>): string {
  return rewrite(xml, new RegExp(`<${tag}\\b[^>]*>`), 1, (open) => {
    const missing = Object.entries(ns).filter(([prefix]) => !open.includes(` xmlns:${prefix}=`));
    const declarations = missing.map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`).join("");
    return open.replace(/>$/, `${declarations}>`);
  });
}

/** An empty element with escaped attributes, indented for the package's 4-space layout. */
const element = (depth: number, name: string, attrs: Record<string, string>) =>
  `\n${"    ".repeat(depth)}<${name}${Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeMarkup(v)}"`)
    .join("")}/>`;

/** The RFC 5005 and format-alternate links of a document, as `tag` elements (atom:link in RSS). */
function pagingAndAlternateLinks(doc: FeedDocument, tag: string, depth: number, type: string): string {
  const link = (rel: string, href: string | undefined, t = type) =>
    href ? element(depth, tag, { rel, type: t, href }) : "";
  return [
    ...(doc.alternates ?? []).map((a) => link("alternate", a.href, a.type)),
    link("current", doc.paging?.current),
    link("prev-archive", doc.paging?.prevArchive),
    link("next-archive", doc.paging?.nextArchive),
    doc.paging?.archive ? element(depth, "fh:archive", {}) : "",
    doc.paging?.complete ? element(depth, "fh:complete", {}) : "",
  ].join("");
}

/** The entry's picture as Media RSS: media:content medium="image" with its alt text, and media:thumbnail. */
function mediaElements(image: FeedEntry["image"], depth: number, s: Slots): string {
  if (!image) return "";
  const pad = "    ".repeat(depth);
  const description = image.alt
    ? `\n${pad}    <media:description type="plain">${s.text(image.alt)}</media:description>\n${pad}`
    : "";
  const content = `\n${pad}<media:content url="${escapeMarkup(image.url)}" medium="image"${description ? `>${description}</media:content>` : "/>"}`;
  return content + element(depth, "media:thumbnail", { url: image.url });
}

/** Whether a plain-text title or summary must go out as type="html" (see repair 3). */
const looksLikeMarkup = (text: string) => /[<&]/.test(text);

const packageAuthor = (p: FeedPerson, s: Slots): Author => ({
  name: s.text(p.name),
  email: p.email === undefined ? undefined : s.text(p.email),
  link: p.uri,
});

/** Atom 1.0 (RFC 4287). */
export function atom1(input: FeedDocument): string {
  const doc = prepare(input);
  const s = new Slots();
  const feed = new Feed({
    id: s.text(doc.id),
    title: s.text(doc.title),
    description: s.text(doc.subtitle),
    updated: new OffsetDate(doc.updated),
    generator: GENERATOR,
    link: doc.alternate,
    feed: doc.self,
    hub: doc.hub,
    favicon: doc.icon,
    author: packageAuthor(doc.author, s),
  });
  // Plain text, or the same text escaped as HTML where it must be declared type="html" (repair 3).
  const asText = (text: string) => s.text(looksLikeMarkup(text) ? escapeMarkup(text) : text);
  for (const e of doc.entries) {
    feed.addItem({
      id: s.url(e.id),
      title: asText(e.title),
      link: e.link,
      date: new OffsetDate(e.updated),
      published: new OffsetDate(e.published),
      description: asText(e.summary),
      ...(e.contentHtml === undefined ? {} : { content: s.text(e.contentHtml) }),
      author: e.authors.map((p) => packageAuthor(p, s)),
      category: e.categories.map((c) => ({ term: s.text(c.term), name: s.text(c.label), scheme: c.scheme })),
    });
  }
  const n = doc.entries.length;
  let xml = feed.atom1();
  // RFC 4287 §2: xml:lang on the root sets the language of every text construct.
  xml = rewrite(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/, 1, () => {
    return `<feed xmlns="${NS.atom}" xml:lang="${s.text(doc.language)}">`;
  });
  if (doc.paging?.archive || doc.paging?.complete) xml = declare(xml, "feed", { fh: NS.fh });
  if (doc.entries.some((e) => e.image)) xml = declare(xml, "feed", { media: NS.media });
  xml = rewrite(xml, /<link rel="alternate" href=/, 1, () => `<link rel="alternate" type="text/html" href=`);
  xml = rewrite(xml, /<link rel="self" href=/, 1, () => `<link rel="self" type="application/atom+xml" href=`);
  // Dispatch's titles and summaries are plain text (RFC 4287 §3.1.1.1), declared HTML only when they must be.
  const next = { title: 0, summary: 0 };
  xml = rewrite(xml, /<(title|summary) type="html">/g, 2 * n, (m) => {
    const tag = m.startsWith("<title") ? "title" : "summary";
    const e = doc.entries[next[tag]++];
    return looksLikeMarkup(e?.[tag] ?? "") ? m : m.replace('"html"', '"text"');
  });
  xml = rewrite(xml, /<link href=/g, n, () => `<link rel="alternate" type="text/html" href=`);
  xml = rewrite(xml, /(?=\n {4}<entry>)|(?=\n<\/feed>)/, 1, () =>
    pagingAndAlternateLinks(doc, "link", 1, "application/atom+xml"),
  );
  xml = rewrite(xml, /(?=\n {4}<\/entry>)/g, n, (_, i) => {
    const e = doc.entries[i];
    const via = e?.via ? element(2, "link", { rel: "via", href: e.via }) : "";
    return via + mediaElements(e?.image, 2, s);
  });
  return s.fill(xml);
}

/** RSS 2.0 (https://www.rssboard.org/rss-specification), with atom:link for self, hub and RFC 5005. */
export function rss2(input: FeedDocument): string {
  const doc = prepare(input);
  const s = new Slots();
  const feed = new Feed({
    title: s.text(doc.title, true),
    description: s.text(doc.subtitle, true),
    updated: new OffsetDate(doc.updated),
    generator: GENERATOR,
    language: s.text(doc.language),
    link: doc.alternate,
    feed: doc.self,
    hub: doc.hub,
  });
  for (const e of doc.entries) {
    feed.addItem({
      guid: s.text(e.id),
      title: s.text(e.title, true),
      link: e.link,
      date: new OffsetDate(e.updated),
      published: new OffsetDate(e.published),
      // RSS readers render <description> as HTML; the summary is plain text.
      description: s.text(escapeMarkup(e.summary)),
      ...(e.contentHtml === undefined ? {} : { content: s.text(e.contentHtml) }),
      category: e.categories.map((c) => ({ name: s.text(c.label), domain: s.text(c.scheme) })),
    });
  }
  const n = doc.entries.length;
  let xml = feed.rss2();
  xml = declare(xml, "rss", {
    dc: NS.dc,
    content: NS.content,
    atom: NS.atom,
    ...(doc.paging?.archive || doc.paging?.complete ? { fh: NS.fh } : {}),
    ...(doc.entries.some((e) => e.image) ? { media: NS.media } : {}),
  });
  xml = rewrite(xml, /(?=\n {8}<item>)|(?=\n {4}<\/channel>)/, 1, () =>
    pagingAndAlternateLinks(doc, "atom:link", 2, "application/rss+xml"),
  );
  xml = rewrite(xml, /(?=\n {8}<\/item>)/g, n, (_, i) => {
    const e = doc.entries[i];
    if (!e) return "";
    const creators = (e.authors.length ? e.authors : [doc.author]).map(
      (p) => `\n            <dc:creator>${s.text(p.name, true)}</dc:creator>`,
    );
    const via = e.via ? element(3, "atom:link", { rel: "via", href: e.via }) : "";
    return creators.join("") + via + mediaElements(e.image, 3, s);
  });
  return s.fill(xml);
}

/** The JSON Feed 1.0 the package writes, as far as this module reads it. */
interface PackageJsonFeed {
  version: string;
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  items: {
    id: string;
    url?: string;
    title?: string;
    summary?: string;
    content_html?: string;
    date_published?: string;
    date_modified?: string;
    tags?: string[];
  }[];
}

const jsonAuthor = (p: FeedPerson) => (p.uri ? { name: p.name, url: p.uri } : { name: p.name });

/** JSON Feed 1.1: the package's 1.0 output upgraded. */
export function jsonFeed11(input: FeedDocument): string {
  const doc = prepare(input);
  const subscription = doc.paging?.current ?? doc.self;
  const feed = new Feed({
    title: doc.title,
    description: doc.subtitle,
    updated: new OffsetDate(doc.updated),
    link: doc.alternate,
    feedLinks: { json: subscription },
  });
  for (const e of doc.entries) {
    feed.addItem({
      id: e.id,
      title: e.title,
      link: e.link,
      date: new OffsetDate(e.updated),
      published: new OffsetDate(e.published),
      description: e.summary,
      ...(e.contentHtml === undefined ? {} : { content: e.contentHtml }),
      category: e.categories.map((c) => ({ name: c.label })),
    });
  }
  const pkg = JSON.parse(feed.json1()) as PackageJsonFeed;
  const out = {
    version: JSON_FEED_VERSION,
    title: pkg.title,
    home_page_url: pkg.home_page_url,
    feed_url: pkg.feed_url,
    description: pkg.description,
    // JSON Feed 1.1 pagination: next_url leads to older items, here the archive documents of RFC 5005.
    next_url: doc.paging?.prevArchive,
    // The site's icon is SVG, so it serves as both the large icon and the small favicon JSON Feed asks for.
    icon: doc.icon,
    favicon: doc.icon,
    authors: [jsonAuthor(doc.author)],
    language: doc.language,
    hubs: doc.hub ? [{ type: "WebSub", url: doc.hub }] : undefined,
    items: pkg.items.map((item, i) => {
      const e = doc.entries[i];
      return {
        id: item.id,
        url: item.url,
        external_url: e?.via,
        title: item.title,
        summary: e?.summary || undefined,
        // An archive entry has no body: its summary stands as the required content (JSON Feed 1.1, "items").
        ...(e?.contentHtml === undefined ? { content_text: e?.summary ?? "" } : { content_html: e.contentHtml }),
        image: e?.image?.url,
        date_published: item.date_published,
        date_modified: item.date_modified,
        authors: e?.authors.length ? e.authors.map(jsonAuthor) : undefined,
        tags: item.tags?.length ? item.tags : undefined,
      };
    }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

const RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = { atom: atom1, rss: rss2, json: jsonFeed11 };

/** A feed document's bytes in a format: every feed Dispatch serves (site, topic, author, digest) comes through here. */
export function renderFeed(format: FeedFormat, doc: FeedDocument): string {
  return RENDERERS[format](doc);
}
