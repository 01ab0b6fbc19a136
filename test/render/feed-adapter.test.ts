// Pins each bug of the `feed` package (6.0.0) next to the adapter's repair: if a pin fails, the package changed and the workaround can go.
import { Feed, type Item } from "feed";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import { atom1, jsonFeed11, prepare, rss2 } from "../../src/render/feed-adapter.js";
import type { FeedDocument, FeedEntry } from "../../src/render/feed-types.js";
import { xmlSafe } from "../../src/shared/escape.js";
import { checkAtom, checkJsonFeed, checkRss, checkXml } from "./conformance.js";

const entry: FeedEntry = {
  id: "tag:dispatch.example.com,2026-11-21:2018-07-16:relations",
  title: "American-Russian Relations in Syria",
  link: "https://dispatch.example.com/articles/relations",
  via: "https://www.nytimes.com/2018/07/16/world/relations.html?a=1&b=2",
  published: "2018-07-16T00:00:00-04:00",
  updated: "2018-07-17T09:15:00-04:00",
  authors: [{ name: "Eric Schmitt" }],
  categories: [{ term: "syria", label: "Syria", scheme: "https://dispatch.example.com/topics" }],
  summary: "The militaries cooperate, the presidents said.",
  contentHtml: "<p>WASHINGTON — Despite political tensions…</p>",
};

const doc: FeedDocument = {
  id: "tag:dispatch.example.com,2026-11-21:feed",
  title: "Dispatch",
  subtitle: "Reporting on Russian and American forces in Syria.",
  language: "en-GB",
  self: "https://dispatch.example.com/feed.atom",
  alternate: "https://dispatch.example.com/",
  author: { name: "Dispatch desk", uri: "https://dispatch.example.com/" },
  updated: "2018-07-17T09:15:00-04:00",
  entries: [entry],
};

const withEntry = (e: Partial<FeedEntry>, d: Partial<FeedDocument> = {}): FeedDocument => ({
  ...doc,
  ...d,
  entries: [{ ...entry, ...e }],
});

/** The package driven directly, as a naive caller would. */
function packageFeed(item: Partial<Item> = {}, options: Partial<ConstructorParameters<typeof Feed>[0]> = {}): Feed {
  const feed = new Feed({
    id: doc.id,
    title: doc.title,
    description: doc.subtitle,
    link: doc.alternate,
    feed: doc.self,
    language: "en-GB",
    updated: new Date(doc.updated),
    author: { name: "Dispatch desk" },
    ...options,
  });
  feed.addItem({
    id: entry.id,
    title: entry.title,
    link: entry.link,
    date: new Date(entry.updated),
    published: new Date(entry.published),
    description: entry.summary,
    content: entry.contentHtml,
    author: [{ name: "Eric Schmitt" }],
    category: [{ term: "syria", name: "Syria", scheme: "https://dispatch.example.com/topics" }],
    ...item,
  });
  return feed;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the adapter's output, with nothing hostile in it", () => {
  it("is valid in every format", async () => {
    expect(await checkAtom(atom1(doc))).toEqual([]);
    expect(await checkRss(rss2({ ...doc, self: "https://dispatch.example.com/feed.rss" }))).toEqual([]);
    expect(checkJsonFeed(jsonFeed11({ ...doc, self: "https://dispatch.example.com/feed.json" }))).toEqual([]);
  });
});

describe("feed 6.0.0 bug: CDATA sections split only the first ]]>", () => {
  const content = "<p>a ]]> b ]]> c</p>";

  it("package: content holding ]]> twice is not well-formed XML", async () => {
    expect(await checkXml(packageFeed({ content }).atom1())).not.toEqual([]);
    expect(await checkXml(packageFeed({ content }).rss2())).not.toEqual([]);
  });

  it("adapter: well-formed, and the content reads back exactly", async () => {
    const atom = atom1(withEntry({ contentHtml: content, title: "x ]]> y ]]> z" }));
    expect(await checkAtom(atom)).toEqual([]);
    expect(atom).not.toContain("CDATA");
    expect(parseAtomFeed(atom).entries?.[0]?.content?.value).toBe(content);
    expect(parseAtomFeed(atom).entries?.[0]?.title?.value).toBe("x ]]> y ]]> z");
    const rss = rss2(withEntry({ contentHtml: content }));
    expect(await checkRss(rss)).toEqual([]);
    expect(parseRssFeed(rss).items?.[0]?.content?.encoded).toBe(content);
  });
});

describe("feed 6.0.0 bug: attribute values escape & but not <", () => {
  it("package: a category label holding < is not well-formed XML", async () => {
    const feed = packageFeed({
      category: [{ term: "a", name: "Arms <and> armies", scheme: entry.categories[0]?.scheme }],
    });
    expect(await checkXml(feed.atom1())).not.toEqual([]);
  });

  it("adapter: the label is escaped and reads back", async () => {
    const atom = atom1(
      withEntry({
        categories: [{ term: "a&b", label: `Arms <and> "armies"`, scheme: "https://dispatch.example.com/topics" }],
      }),
    );
    expect(await checkAtom(atom)).toEqual([]);
    expect(parseAtomFeed(atom).entries?.[0]?.categories).toEqual([
      { term: "a&b", label: `Arms <and> "armies"`, scheme: "https://dispatch.example.com/topics" },
    ]);
  });
});

describe("feed 6.0.0 bug: text un-escapes &amp; before escaping", () => {
  it("package: a title about the entity &amp; reads back as a bare &", () => {
    const feed = packageFeed({}, { title: "Writing &amp; in HTML" });
    expect(parseAtomFeed(feed.atom1()).title?.value).toBe("Writing & in HTML");
  });

  it("adapter: the title reads back as written", () => {
    expect(parseAtomFeed(atom1({ ...doc, title: "Writing &amp; in HTML" })).title?.value).toBe("Writing &amp; in HTML");
    expect(parseRssFeed(rss2({ ...doc, title: "Writing &amp; in HTML" })).title).toBe("Writing &amp; in HTML");
  });
});

describe("feed 6.0.0 bug: XML-illegal characters pass through", () => {
  const dirty = "a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i\uDC00j 😀";

  it("package: a vertical tab in a title makes the document not well-formed", async () => {
    expect(await checkXml(packageFeed({ title: "Tab\u000Bhere" }).atom1())).not.toEqual([]);
  });

  it("build: what it reads loses them, controls as spaces, noncharacters and lone surrogates gone, pairs kept", () => {
    expect(xmlSafe(dirty)).toBe("a b c d e fghij 😀");
  });

  it("adapter: refuses a document that still holds one, and renders the cleaned one valid in every format", async () => {
    const d = (text: string) =>
      withEntry(
        { title: text, summary: text, contentHtml: `<p>${text}</p>`, authors: [{ name: text }] },
        { subtitle: text },
      );
    for (const render of [atom1, rss2]) expect(() => render(d(dirty))).toThrow(/cannot carry/);
    const clean = d(xmlSafe(dirty));
    expect(await checkAtom(atom1(clean))).toEqual([]);
    expect(await checkRss(rss2(clean))).toEqual([]);
    expect(checkJsonFeed(jsonFeed11(clean))).toEqual([]);
    // The same text in every format.
    expect(parseAtomFeed(atom1(clean)).entries?.[0]?.title?.value).toBe(xmlSafe(dirty));
    expect(parseJsonFeed(jsonFeed11(clean)).items?.[0]?.title).toBe(xmlSafe(dirty));
  });
});

describe("feed 6.0.0 bug: no xml:lang in Atom", () => {
  it("package: the language given is lost", () => {
    expect(packageFeed().atom1()).not.toContain("xml:lang");
  });

  it("adapter: xml:lang on <feed>", () => {
    expect(parseAtomFeed(atom1(doc)).xml?.lang).toBe("en-GB");
  });
});

describe("feed 6.0.0 bug: plain-text titles and summaries declared type=html", () => {
  it("package: a title with <b> is HTML to a reader", () => {
    const xml = packageFeed({ title: "Why 1 < 2 and <b> is not bold" }).atom1();
    expect(xml).toContain('<title type="html">');
  });

  it("adapter: type=text for plain text; type=html, the text escaped as HTML, once it has < or &", () => {
    const plain = parseAtomFeed(atom1(withEntry({ title: "Why one is less than two" }))).entries?.[0];
    expect(plain?.title).toEqual({ value: "Why one is less than two", type: "text" });
    // The W3C validator reads "</b>" or "&amp;" in type="text" as undeclared HTML; declared, a reader shows the text.
    const markup = parseAtomFeed(atom1(withEntry({ title: "Why 1 < 2 and <b> is not </b> bold" }))).entries?.[0];
    expect(markup?.title).toEqual({ value: "Why 1 &lt; 2 and &lt;b&gt; is not &lt;/b&gt; bold", type: "html" });
  });
});

describe("feed 6.0.0 bug: JSON Feed 1.0 only", () => {
  it("package: version 1, a singular author, no language", () => {
    const json = JSON.parse(packageFeed().json1()) as Record<string, unknown>;
    expect(json.version).toBe("https://jsonfeed.org/version/1");
    expect(json).toHaveProperty("author");
    expect(json).not.toHaveProperty("language");
    expect(checkJsonFeed(packageFeed().json1())).not.toEqual([]);
  });

  it("adapter: JSON Feed 1.1 with authors, language, external_url and next_url", () => {
    const text = jsonFeed11({
      ...withEntry({}),
      self: "https://dispatch.example.com/feed.json",
      paging: { prevArchive: "https://dispatch.example.com/feed/archive/3.json" },
    });
    expect(checkJsonFeed(text)).toEqual([]);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      language: "en-GB",
      authors: [{ name: "Dispatch desk", url: "https://dispatch.example.com/" }],
      next_url: "https://dispatch.example.com/feed/archive/3.json",
      items: [{ id: entry.id, external_url: entry.via, authors: [{ name: "Eric Schmitt" }] }],
    });
    expect(json).not.toHaveProperty("author");
  });
});

describe("feed 6.0.0 bug: updated defaults to the time of rendering", () => {
  it("package: without `updated`, the clock goes into the bytes", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-02-03T04:05:06Z"));
    expect(packageFeed({}, { updated: undefined }).atom1()).toContain("<updated>2031-02-03T04:05:06.000Z</updated>");
    expect(packageFeed({}, { updated: undefined }).rss2()).toContain("Mon, 03 Feb 2031 04:05:06 GMT");
  });

  it("adapter: updated comes from the document, so any clock gives the same bytes", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-02-03T04:05:06Z"));
    const first = [atom1(doc), rss2(doc), jsonFeed11(doc)];
    vi.setSystemTime(new Date("2040-01-01T00:00:00Z"));
    expect([atom1(doc), rss2(doc), jsonFeed11(doc)]).toEqual(first);
    expect(first.join()).not.toMatch(/2031|2040/);
  });
});

describe("feed 6.0.0 bug: dates written in UTC", () => {
  it("package: the entry's offset is lost", () => {
    expect(packageFeed().atom1()).toContain("<updated>2018-07-17T13:15:00.000Z</updated>");
  });

  it("adapter: RFC 3339 as given, offset kept, in Atom and JSON Feed; RSS in RFC 822", () => {
    const atom = parseAtomFeed(atom1(doc)).entries?.[0];
    expect([atom?.published, atom?.updated]).toEqual(["2018-07-16T00:00:00-04:00", "2018-07-17T09:15:00-04:00"]);
    expect(parseJsonFeed(jsonFeed11(doc)).items?.[0]?.date_modified).toBe("2018-07-17T09:15:00-04:00");
    expect(parseRssFeed(rss2(doc)).items?.[0]?.pubDate).toBe("Mon, 16 Jul 2018 04:00:00 GMT");
  });

  it("adapter: refuses a date without a time zone, naming the entry", () => {
    expect(() => atom1(withEntry({ published: "2018-07-16T00:00:00" }))).toThrow(
      /entry tag:dispatch\.example\.com,2026-11-21:2018-07-16:relations: published "2018-07-16T00:00:00" is not an RFC 3339/,
    );
  });
});

describe("feed 6.0.0 bug: entry ids go through new URL()", () => {
  it("package: a non-URL id throws, an IRI id is re-encoded", () => {
    expect(() => packageFeed({ id: "relations-2018" }).atom1()).toThrow(/Invalid URL/);
    expect(packageFeed({ id: "tag:dispatch.example.com,2026:café" }).atom1()).toContain("caf%C3%A9");
  });

  it("adapter: ids go out byte for byte, and a non-IRI id is refused with the field named", () => {
    const iri = "tag:dispatch.example.com,2026:café";
    expect(parseAtomFeed(atom1(withEntry({ id: iri }))).entries?.[0]?.id).toBe(iri);
    expect(parseRssFeed(rss2(withEntry({ id: iri }))).items?.[0]?.guid?.value).toBe(iri);
    expect(() => atom1(withEntry({ id: "relations 2018" }))).toThrow(
      /entry relations 2018: id "relations 2018" is not an absolute IRI/,
    );
  });
});

describe("feed 6.0.0 bug: a category without a term", () => {
  it("package: writes <category> with no term, which the Atom grammar rejects", async () => {
    const xml = packageFeed({ category: [{ name: "Syria" }] }).atom1();
    expect(xml).toContain('<category label="Syria"/>');
    expect((await checkAtom(xml)).join("\n")).toMatch(/category/);
  });

  it("adapter: refuses it, naming the entry and the category", () => {
    expect(() =>
      atom1(withEntry({ categories: [{ term: " ", label: "Syria", scheme: "https://dispatch.example.com/topics" }] })),
    ).toThrow(/category "Syria" has no term/);
  });
});

describe("feed 6.0.0 bug: no author check", () => {
  it("package: an author without a name, which the Atom grammar rejects", async () => {
    const xml = packageFeed(
      { author: [{ email: "desk@example.com" }] },
      { author: { email: "desk@example.com" } },
    ).atom1();
    expect(await checkAtom(xml)).not.toEqual([]);
  });

  it("adapter: refuses a nameless author on the feed or an entry", () => {
    expect(() => atom1({ ...doc, author: { name: "" } })).toThrow(/feed: an author has no name/);
    expect(() => rss2(withEntry({ authors: [{ name: " " }] }))).toThrow(/entry .*relations: an author has no name/);
  });

  it("adapter: an entry without authors falls back to the feed's author (Atom §4.1.1, RSS dc:creator)", async () => {
    const d = withEntry({ authors: [] });
    expect(await checkAtom(atom1(d))).toEqual([]);
    expect(parseRssFeed(rss2(d)).items?.[0]?.dc?.creators).toEqual(["Dispatch desk"]);
  });
});

describe("feed 6.0.0 bug: RSS <author> holds a name where RSS 2.0 wants an email", () => {
  it("package: <author>Eric Schmitt</author>, which the W3C validator flags", async () => {
    const xml = packageFeed().rss2();
    expect(xml).toContain("<author>Eric Schmitt</author>");
    console.log(await checkRss(xml));
    expect((await checkRss(xml)).join("\n")).toMatch(/author "Eric Schmitt" is not an email address/);
  });

  it("adapter: dc:creator instead", () => {
    const xml = rss2(doc);
    expect(xml).not.toContain("<author>");
    expect(parseRssFeed(xml).items?.[0]?.dc?.creators).toEqual(["Eric Schmitt"]);
  });
});

describe("what the package cannot express", () => {
  it("adapter: rel=via on entries, typed links, hub, format alternates and RFC 5005 links in Atom and RSS", () => {
    const d: FeedDocument = {
      ...doc,
      hub: "https://hub.example.net/",
      alternates: [{ href: "https://dispatch.example.com/feed/archive/2.rss", type: "application/rss+xml" }],
      paging: {
        archive: true,
        current: "https://dispatch.example.com/feed.atom",
        prevArchive: "https://dispatch.example.com/feed/archive/1.atom",
        nextArchive: "https://dispatch.example.com/feed/archive/3.atom",
      },
    };
    const atom = atom1(d);
    expect(atom).toContain("<fh:archive/>");
    expect(parseAtomFeed(atom).links?.map((l) => l.rel)).toEqual([
      "alternate",
      "self",
      "hub",
      "alternate",
      "current",
      "prev-archive",
      "next-archive",
    ]);
    expect(parseAtomFeed(atom).entries?.[0]?.links?.[1]).toEqual({ rel: "via", href: entry.via });
    const rss = rss2(d);
    expect(rss).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
    expect(parseRssFeed(rss).atom?.links?.map((l) => l.rel)).toEqual([
      "self",
      "hub",
      "alternate",
      "current",
      "prev-archive",
      "next-archive",
    ]);
  });

  it("prepare: refuses relative URLs, naming the field", () => {
    expect(() => prepare({ ...doc, self: "/feed.atom" })).toThrow(
      /feed: self: "\/feed.atom" is not an absolute http\(s\) URL/,
    );
    expect(() => prepare(withEntry({ via: "nytimes.com/x" }))).toThrow(/via: "nytimes.com\/x"/);
    expect(() => prepare(withEntry({ link: "javascript:alert(1)" }))).toThrow(/link: "javascript:alert\(1\)"/);
  });
});
