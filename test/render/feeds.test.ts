// The site and topic feeds as a reader gets them: metadata, entries, RFC 5005 history, ?limit, OPML, hostile input.
// The feeds are the real build's, of a tiny content folder made in the test (test/support/build.ts).

import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { articleEntry, feedHtml } from "../../src/render/entries.js";
import { renderFeed } from "../../src/render/feed-adapter.js";
import { subscriptionDocument } from "../../src/render/feed-documents.js";
import type { ArticleRecord } from "../../src/shared/article.js";
import { feedId } from "../../src/shared/ids.js";
import { FEED_FORMATS, type Scope, SITE } from "../../src/shared/routes.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { type ArticleSpec, articleFrom, PROJECT_SITE } from "../support/articles.js";
import { type BuiltFile, buildSite } from "../support/build.js";
import { checkAtom, checkDocuments, checkJsonFeed, checkRss } from "./conformance.js";

const site: SiteConfig = PROJECT_SITE;
const syria = { slug: "syria", label: "Syria" };

// Newest first, as the build orders them.
const SPECS: ArticleSpec[] = [
  {
    slug: "american-russian-relations-in-syria",
    date: "2018-07-16",
    title: "American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim",
    publisher: "The New York Times",
    byline: "Eric Schmitt and Thomas Gibbons-Neff",
    topics: ["russia", "syria", "deconfliction"],
    summary: "Despite political tensions, the two nations’ militaries are cooperating closely, Trump and Putin said.",
    body: "WASHINGTON — Despite political tensions…\n\n![Helsinki](/media/helsinki.jpg)\n\nSee [deconfliction](../topics/deconfliction) and [notes](#notes).",
  },
  {
    slug: "russian-and-us-forces-clash-in-syria",
    date: "2018-02-15",
    // Corrected after publication, given in another offset: the build writes it in the site's.
    updated: "2018-02-16T10:30:00+01:00",
    title: "Russian And U.S. Forces Reportedly Clash In Syria",
    publisher: "TrigTent",
    url: "https://www.trigtent.com/world/russian-and-us-forces-reportedly-clash-syria",
    topics: ["russia", "syria"],
    summary: "A summary.",
    body: "Body.",
  },
  {
    slug: "russia-cluster-bombed-us-backed-fighters",
    date: "2016-06-18",
    title: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters",
    publisher: "The Washington Post (Checkpoint)",
    byline: "Thomas Gibbons-Neff",
    url: "https://www.washingtonpost.com/news/checkpoint/wp/2016/06/18/images-suggest-that-russia-cluster-bombed-u-s-backed-syrian-fighters/",
    topics: ["russia", "syria", "cluster-munitions"],
    summary: "A summary.",
    body: "Body.",
  },
  {
    slug: "missiles-fired-from-russian-warships",
    date: "2015-10-07",
    title: "Syria Attack Escalates, Missiles Fired From Russian Warships",
    publisher: "The New York Times",
    byline: "Andrew E. Kramer and Anne Barnard",
    topics: ["russia", "syria"],
    summary: "A summary.",
    body: "Body.",
  },
  {
    slug: "us-russia-bomb-same-country",
    date: "2015-09-30",
    title: "Not since World War II have U.S., Russia bombed same country",
    publisher: "McClatchy DC",
    byline: "James Rosen",
    topics: ["russia", "syria", "deconfliction"],
    summary: "A summary.",
    body: "Body.",
  },
];
const articles: ArticleRecord[] = SPECS.map((spec) => articleFrom(spec));
const [nyt, trigtent, wapo, missiles, mcclatchy] = articles as [
  ArticleRecord,
  ArticleRecord,
  ArticleRecord,
  ArticleRecord,
  ArticleRecord,
];

const built = await buildSite(SPECS);
const files = built.files;

function byPath(list: BuiltFile[], path: string): BuiltFile {
  const f = list.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${list.map((x) => x.path).join(", ")}`);
  return f;
}

/** Every problem of the feeds and OPML among `files` (there must be some), each named by its path. */
function problemsOf(files: readonly BuiltFile[]): Promise<string[]> {
  const docs = files.filter((f) => /\.(atom|rss|json|opml)$/.test(f.path)).map((f) => ({ name: f.path, text: f.body }));
  expect(docs.length).toBeGreaterThan(2);
  return checkDocuments(docs);
}

/** A subscription document as the Worker renders it for ?limit: from the scope's newest entries. */
function limited(o: {
  site?: SiteConfig;
  scope?: Scope;
  format: "atom" | "rss" | "json";
  limit?: number;
  list?: ArticleRecord[];
}) {
  const s = o.site ?? site;
  const list = o.list ?? articles;
  return subscriptionDocument({
    site: s,
    named: { scope: o.scope ?? SITE, ...(o.scope?.kind === "topic" ? { name: "Syria" } : {}) },
    format: o.format,
    // Every entry there is: the document keeps the newest `limit` itself.
    entries: list.map((a) => articleEntry(s, a)),
    ...(o.limit === undefined ? {} : { limit: o.limit }),
    total: list.length,
    unarchived: list.length,
  });
}

describe("the feeds a build renders", () => {
  const feeds = files.filter(
    (f) => /\.(atom|rss|json)$/.test(f.path) && !f.path.startsWith("/digest") && !f.path.includes("/digest."),
  );

  it("are the site feed and every topic's feed in three formats, each valid, and /topics.opml", async () => {
    const subscriptions = feeds.filter((f) => !f.path.includes("/archive/")).map((f) => f.path);
    const topicSlugs = [...new Set(articles.flatMap((a) => a.topics.map((t) => t.slug)))];
    expect(subscriptions.sort()).toEqual(
      [
        "/feed.atom",
        "/feed.rss",
        "/feed.json",
        ...topicSlugs.flatMap((t) => FEED_FORMATS.map((f) => `/topics/${t}/feed.${f}`)),
      ].sort(),
    );
    // Five articles and feedSize 20: every entry is in the subscription document, which says it is complete.
    expect(feeds.filter((f) => f.path.includes("/archive/"))).toEqual([]);
    expect(byPath(files, "/feed.atom").body).toContain("<fh:complete/>");
    expect(await problemsOf([...feeds, byPath(files, "/topics.opml")])).toEqual([]);
  });

  it("gives the same bytes for the same content, whenever it runs", async () => {
    const later = await buildSite(SPECS, {}, Date.parse("2031-06-15T03:00:00Z"));
    for (const path of ["/feed.atom", "/feed.rss", "/feed.json", "/topics/syria/feed.atom"])
      expect(later.text(path), path).toBe(built.text(path));
  });
});

describe("the Atom site feed", () => {
  const xml = built.text("/feed.atom");
  const feed = parseAtomFeed(xml);

  it("carries id, title, subtitle, updated, author, self and alternate links, language and generator", () => {
    expect(feed.id).toBe("tag:dispatch.example.com,2026-11-21:feed");
    expect(feed.title?.value).toBe("Dispatch");
    expect(feed.subtitle?.value).toBe(site.description);
    // The newest entry's updated, not the time of rendering.
    expect(feed.updated).toBe("2018-07-16T00:00:00-04:00");
    expect(feed.authors).toEqual([{ name: "Dispatch desk", uri: "https://dispatch.example.com/" }]);
    expect(feed.links).toEqual([
      { rel: "alternate", type: "text/html", href: "https://dispatch.example.com/" },
      { rel: "self", type: "application/atom+xml", href: "https://dispatch.example.com/feed.atom" },
      { rel: "alternate", type: "application/rss+xml", href: "https://dispatch.example.com/feed.rss" },
      { rel: "alternate", type: "application/feed+json", href: "https://dispatch.example.com/feed.json" },
    ]);
    expect(xml).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="en"[^>]*>/);
    expect(feed.generator?.text).toBe("Dispatch");
    expect(xml).not.toContain('rel="hub"');
  });

  it("gives each entry its tag: id, title, links, dates with offsets, authors, categories, summary and content", () => {
    expect(feed.entries?.map((e) => e.id)).toEqual(articles.map((a) => a.id));
    const [first, second, third] = feed.entries ?? [];
    expect(first?.title).toEqual({ value: nyt.title, type: "text" });
    expect(first?.links).toEqual([
      {
        rel: "alternate",
        type: "text/html",
        href: "https://dispatch.example.com/articles/american-russian-relations-in-syria",
      },
    ]);
    expect(first?.published).toBe("2018-07-16T00:00:00-04:00");
    expect(first?.authors).toEqual([{ name: "Eric Schmitt" }, { name: "Thomas Gibbons-Neff" }]);
    expect(first?.categories).toEqual([
      { term: "russia", label: "Russia", scheme: "https://dispatch.example.com/topics" },
      { term: "syria", label: "Syria", scheme: "https://dispatch.example.com/topics" },
      { term: "deconfliction", label: "Deconfliction", scheme: "https://dispatch.example.com/topics" },
    ]);
    expect(first?.summary).toEqual({ value: nyt.summary, type: "text" });
    // No byline: the publisher is the author. The original is linked rel="via"; dates keep their own offsets.
    expect(second?.authors).toEqual([{ name: "TrigTent" }]);
    expect(second?.links).toContainEqual({ rel: "via", href: trigtent.url });
    expect(second?.published).toBe("2018-02-15T00:00:00-05:00");
    expect(second?.updated).toBe("2018-02-16T04:30:00-05:00");
    expect(third?.links?.find((l) => l.rel === "via")?.href).toBe(wapo.url);
    expect(first?.links?.some((l) => l.rel === "via")).toBe(false);
  });

  it("makes every relative URL in the content absolute, against the article's page", () => {
    const content = feed.entries?.[0]?.content;
    expect(content?.type).toBe("html");
    expect(content?.value).toContain('<img src="https://dispatch.example.com/media/helsinki.jpg" alt="Helsinki" />');
    expect(content?.value).toContain('<a href="https://dispatch.example.com/topics/deconfliction">deconfliction</a>');
    expect(content?.value).toContain(
      '<a href="https://dispatch.example.com/articles/american-russian-relations-in-syria#notes">notes</a>',
    );
  });

  it("keeps entry ids free of the origin, so a domain move changes no id", () => {
    const moved = parseAtomFeed(
      renderFeed("atom", limited({ site: { ...site, origin: "https://news.example.org" }, format: "atom" })),
    );
    expect(moved.id).toBe(feed.id);
    expect(moved.entries?.map((e) => e.id)).toEqual(feed.entries?.map((e) => e.id));
    expect(moved.links?.find((l) => l.rel === "self")?.href).toBe("https://news.example.org/feed.atom");
  });
});

describe("the RSS site feed", () => {
  const xml = built.text("/feed.rss");
  const feed = parseRssFeed(xml);

  it("carries title, link, description, language, lastBuildDate, generator and atom:link rel=self", () => {
    expect(feed.title).toBe("Dispatch");
    expect(feed.link).toBe("https://dispatch.example.com/");
    expect(feed.description).toBe(site.description);
    expect(feed.language).toBe("en");
    expect(feed.lastBuildDate).toBe("Mon, 16 Jul 2018 04:00:00 GMT");
    expect(feed.generator).toBe("Dispatch");
    expect(feed.atom?.links?.[0]).toEqual({
      rel: "self",
      type: "application/rss+xml",
      href: "https://dispatch.example.com/feed.rss",
    });
  });

  it("gives each item a guid that is not a permalink, an RFC 822 pubDate, dc:creator and categories with a domain", () => {
    const [first, second] = feed.items ?? [];
    expect(first?.guid).toEqual({ value: nyt.id, isPermaLink: false });
    expect(first?.link).toBe("https://dispatch.example.com/articles/american-russian-relations-in-syria");
    expect(first?.pubDate).toBe("Mon, 16 Jul 2018 04:00:00 GMT");
    expect(first?.dc?.creators).toEqual(["Eric Schmitt", "Thomas Gibbons-Neff"]);
    expect(first?.authors).toBeUndefined();
    expect(first?.categories).toContainEqual({ name: "Deconfliction", domain: "https://dispatch.example.com/topics" });
    expect(first?.description).toBe(nyt.summary);
    expect(first?.content?.encoded).toContain('src="https://dispatch.example.com/media/helsinki.jpg"');
    expect(second?.dc?.creators).toEqual(["TrigTent"]);
    expect(second?.pubDate).toBe("Thu, 15 Feb 2018 05:00:00 GMT");
    expect(second?.atom?.links).toEqual([{ rel: "via", href: trigtent.url }]);
  });
});

describe("the JSON Feed site feed", () => {
  const text = built.text("/feed.json");
  const raw = JSON.parse(text) as Record<string, unknown>;
  const feed = parseJsonFeed(text);

  it("is JSON Feed 1.1 with authors, language and absolute URLs", () => {
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    expect(raw).not.toHaveProperty("author");
    expect(feed.title).toBe("Dispatch");
    expect(feed.home_page_url).toBe("https://dispatch.example.com/");
    expect(feed.feed_url).toBe("https://dispatch.example.com/feed.json");
    expect(feed.language).toBe("en");
    expect(feed.authors).toEqual([{ name: "Dispatch desk", url: "https://dispatch.example.com/" }]);
    expect(raw).not.toHaveProperty("next_url");
  });

  it("gives each item id, url, external_url, dates with offsets, authors, tags, summary and content_html", () => {
    const [first, second] = feed.items ?? [];
    expect(first?.id).toBe(nyt.id);
    expect(first?.url).toBe("https://dispatch.example.com/articles/american-russian-relations-in-syria");
    expect(first?.date_published).toBe("2018-07-16T00:00:00-04:00");
    expect(first?.authors).toEqual([{ name: "Eric Schmitt" }, { name: "Thomas Gibbons-Neff" }]);
    expect(first?.tags).toEqual(["Russia", "Syria", "Deconfliction"]);
    expect(first?.summary).toBe(nyt.summary);
    expect(first?.content_html).toContain('href="https://dispatch.example.com/topics/deconfliction"');
    expect(second?.external_url).toBe(trigtent.url);
    expect(second?.date_modified).toBe("2018-02-16T04:30:00-05:00");
  });
});

describe("an independent parse (feedsmith) of every format", () => {
  const want = articles.map((a) => ({
    id: a.id,
    title: a.title,
    link: `https://dispatch.example.com/articles/${a.slug}`,
    published: Date.parse(a.published),
  }));

  it("reads back the articles' ids, titles, links and dates in Atom, RSS and JSON Feed", () => {
    const atom = parseAtomFeed(byPath(files, "/feed.atom").body).entries ?? [];
    expect(
      atom.map((e) => ({
        id: e.id,
        title: e.title?.value,
        link: e.links?.find((l) => l.rel === "alternate")?.href,
        published: Date.parse(e.published ?? ""),
      })),
    ).toEqual(want);
    const rss = parseRssFeed(byPath(files, "/feed.rss").body).items ?? [];
    expect(
      rss.map((i) => ({ id: i.guid?.value, title: i.title, link: i.link, published: Date.parse(i.pubDate ?? "") })),
    ).toEqual(want);
    const json = parseJsonFeed(byPath(files, "/feed.json").body).items ?? [];
    expect(
      json.map((i) => ({ id: i.id, title: i.title, link: i.url, published: Date.parse(i.date_published ?? "") })),
    ).toEqual(want);
  });
});

describe("topic feeds", () => {
  it("hold only the topic's articles, with the topic's id, title and page", () => {
    const feed = parseAtomFeed(byPath(files, "/topics/deconfliction/feed.atom").body);
    expect(feed.id).toBe("tag:dispatch.example.com,2026-11-21:topic/deconfliction");
    expect(feed.title?.value).toBe("Dispatch: Deconfliction");
    expect(feed.links?.[0]).toEqual({
      rel: "alternate",
      type: "text/html",
      href: "https://dispatch.example.com/topics/deconfliction",
    });
    expect(feed.entries?.map((e) => e.id)).toEqual([nyt.id, mcclatchy.id]);
    expect(feed.updated).toBe(nyt.updated);
    const json = parseJsonFeed(byPath(files, "/topics/deconfliction/feed.json").body);
    expect(json.feed_url).toBe("https://dispatch.example.com/topics/deconfliction/feed.json");
    expect(json.items?.map((i) => i.id)).toEqual([nyt.id, mcclatchy.id]);
  });

  it("share one id across formats, distinct from the site feed's", () => {
    expect(feedId(site.idAuthority, { kind: "topic", slug: syria.slug })).toBe(
      "tag:dispatch.example.com,2026-11-21:topic/syria",
    );
    expect(feedId(site.idAuthority, SITE)).toBe("tag:dispatch.example.com,2026-11-21:feed");
  });
});

describe("RFC 5005 archived feeds", async () => {
  // feedSize 2 and five articles, each in its own week, all weeks ended: five archive documents of one entry each,
  // a week to a document; the subscription document holds the newest two.
  const small = await buildSite(SPECS, { feedSize: 2 });
  const files = small.files;
  const url = (path: string) => `https://dispatch.example.com${path}`;
  const WEEKS = ["2015-W40", "2015-W41", "2016-W24", "2018-W07", "2018-W29"];

  it("publishes one document per week and page, counted from the oldest, each valid, in every format", async () => {
    const archives = files.filter((f) => f.path.startsWith("/feed/archive/")).map((f) => f.path);
    expect(archives.sort()).toEqual(WEEKS.flatMap((w) => FEED_FORMATS.map((f) => `/feed/archive/${w}/1.${f}`)).sort());
    expect(await problemsOf(files)).toEqual([]);
    expect(parseAtomFeed(small.text("/feed/archive/2015-W41/1.atom")).entries?.map((e) => e.id)).toEqual([missiles.id]);
    // A topic's archives are Atom only, by month.
    expect(
      files
        .filter((f) => f.path.startsWith("/topics/syria/feed/archive/"))
        .map((f) => f.path)
        .sort(),
    ).toEqual(
      ["2015-09", "2015-10", "2016-06", "2018-02", "2018-07"].map((m) => `/topics/syria/feed/archive/${m}/1.atom`),
    );
    expect(byPath(files, "/topics/syria/feed/archive/2015-10/1.atom").contentType).toBe(
      "application/atom+xml; charset=utf-8",
    );
  });

  it("links the subscription document to the newest archive, and archives to each other and to current", () => {
    const sub = parseAtomFeed(small.text("/feed.atom"));
    expect(sub.entries?.map((e) => e.id)).toEqual([nyt.id, trigtent.id]);
    expect(sub.links?.filter((l) => l.rel === "prev-archive").map((l) => l.href)).toEqual([
      url("/feed/archive/2018-W29/1.atom"),
    ]);
    expect(small.text("/feed.atom")).not.toContain("fh:archive");

    const newest = small.text("/feed/archive/2018-W29/1.atom");
    expect(newest).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
    expect(newest).toContain("<fh:archive/>");
    const links = (xml: string) =>
      Object.fromEntries(
        (parseAtomFeed(xml).links ?? []).filter((l) => l.type === "application/atom+xml").map((l) => [l.rel, l.href]),
      );
    expect(links(newest)).toEqual({
      self: url("/feed/archive/2018-W29/1.atom"),
      current: url("/feed.atom"),
      "prev-archive": url("/feed/archive/2018-W07/1.atom"),
    });
    expect(links(small.text("/feed/archive/2015-W40/1.atom"))).toEqual({
      self: url("/feed/archive/2015-W40/1.atom"),
      current: url("/feed.atom"),
      "next-archive": url("/feed/archive/2015-W41/1.atom"),
    });
    expect(parseAtomFeed(newest).id).toBe(sub.id);
    expect(parseAtomFeed(newest).updated).toBe(nyt.updated);
  });

  /** Follows the chain from `start` as a reader would, collecting entry ids and the documents visited. */
  function walk(start: string, read: (body: string) => { ids: (string | undefined)[]; next?: string }) {
    const ids: string[] = [];
    const chain: string[] = [];
    let path: string | undefined = start;
    while (path !== undefined) {
      chain.push(path);
      const doc: { ids: (string | undefined)[]; next?: string } = read(small.text(path));
      ids.push(...doc.ids.filter((id): id is string => id !== undefined));
      path = doc.next?.replace("https://dispatch.example.com", "");
    }
    return { ids: new Set(ids), chain };
  }

  it("lets a reader rebuild the whole feed by following prev-archive from the subscription document", () => {
    const atom = walk("/feed.atom", (body) => {
      const f = parseAtomFeed(body);
      return { ids: (f.entries ?? []).map((e) => e.id), next: f.links?.find((l) => l.rel === "prev-archive")?.href };
    });
    const rss = walk("/feed.rss", (body) => {
      const f = parseRssFeed(body);
      const links: { rel?: string; href?: string }[] = f.atom?.links ?? [];
      return {
        ids: (f.items ?? []).map((i) => i.guid?.value),
        next: links.find((l) => l.rel === "prev-archive")?.href,
      };
    });
    for (const { ids, chain } of [atom, rss]) {
      expect(ids).toEqual(new Set(articles.map((a) => a.id)));
      expect(chain).toHaveLength(6);
    }
    const topic = walk("/topics/syria/feed.atom", (body) => {
      const f = parseAtomFeed(body);
      return { ids: (f.entries ?? []).map((e) => e.id), next: f.links?.find((l) => l.rel === "prev-archive")?.href };
    });
    expect(topic.ids).toEqual(new Set(articles.map((a) => a.id)));
    const rssArchive = small.text("/feed/archive/2015-W40/1.rss");
    expect(rssArchive).toContain("<fh:archive/>");
    expect(rssArchive).toContain(
      '<atom:link rel="current" type="application/rss+xml" href="https://dispatch.example.com/feed.rss"/>',
    );
  });

  it("chains JSON Feed documents with next_url, older each time, feed_url naming the subscription", () => {
    const { ids, chain } = walk("/feed.json", (body) => {
      const f = parseJsonFeed(body);
      expect(f.feed_url).toBe(url("/feed.json"));
      return { ids: (f.items ?? []).map((i) => i.id), next: f.next_url };
    });
    expect(chain).toEqual(["/feed.json", ...[...WEEKS].reverse().map((w) => `/feed/archive/${w}/1.json`)]);
    expect(ids).toEqual(new Set(articles.map((a) => a.id)));
  });

  it("carries summaries in archive documents: the full text is the entry's page", () => {
    const entry = parseAtomFeed(small.text("/feed/archive/2018-W29/1.atom")).entries?.[0];
    expect(entry?.summary?.value).toBe(nyt.summary);
    expect(entry?.content).toBeUndefined();
  });

  it("keeps every other archive document when a newer article arrives, or a back-dated one in another week", async () => {
    const newer: ArticleSpec = {
      ...(SPECS[4] as ArticleSpec),
      slug: "later-one",
      date: "2018-08-01",
      title: "Later one",
    };
    const backDated: ArticleSpec = {
      ...(SPECS[4] as ArticleSpec),
      slug: "back-dated",
      date: "2016-06-16",
      title: "Back-dated",
    };
    const after = await buildSite([newer, ...SPECS, backDated], { feedSize: 2 });
    const changed = WEEKS.filter(
      (w) => after.text(`/feed/archive/${w}/1.atom`) !== small.text(`/feed/archive/${w}/1.atom`),
    );
    // 2016-W24 gains the back-dated article; 2018-W29 gains a next-archive link to the new 2018-W31.
    expect(changed).toEqual(["2016-W24", "2018-W29"]);
    expect(parseAtomFeed(after.text("/feed/archive/2016-W24/1.atom")).entries).toHaveLength(2);
  });
});

describe("the subscription document for ?limit=N (subscriptionDocument; the Worker's answers are in test/worker/http.test.ts)", () => {
  it("holds the newest N entries and names the limit in its self link", async () => {
    const doc = limited({ format: "rss", limit: 3 });
    expect(doc.entries.map((e) => e.id)).toEqual([nyt.id, trigtent.id, wapo.id]);
    expect(doc.self).toBe("https://dispatch.example.com/feed.rss?limit=3");
    expect(doc.alternates).toContainEqual({
      href: "https://dispatch.example.com/feed.atom?limit=3",
      type: "application/atom+xml",
    });
    const xml = renderFeed("rss", doc);
    expect(await checkRss(xml)).toEqual([]);
    expect(parseRssFeed(xml).items).toHaveLength(3);
  });

  it("keeps the default document's self link when N is the default", () => {
    expect(limited({ format: "atom" }).self).toBe("https://dispatch.example.com/feed.atom");
    expect(limited({ format: "atom", limit: 20 }).self).toBe("https://dispatch.example.com/feed.atom");
  });

  it("links the archives only when its entries reach them, so no entry is skipped", () => {
    const doc = (limit: number, unarchived: number) =>
      subscriptionDocument({
        site,
        named: { scope: SITE },
        format: "atom",
        entries: articles.slice(0, limit).map((a) => articleEntry(site, a)),
        limit,
        total: 30,
        newestArchive: { period: "2018-W29", page: 1 },
        unarchived,
      }).paging;
    expect(doc(1, 1)).toEqual({ prevArchive: "https://dispatch.example.com/feed/archive/2018-W29/1.atom" });
    expect(doc(1, 2)).toBeUndefined();
    expect(doc(2, 2)?.prevArchive).toBe("https://dispatch.example.com/feed/archive/2018-W29/1.atom");
  });

  it("renders a topic's feed at every limit from 1 to 100, valid, with that many of its five entries, and refuses others", () => {
    for (let limit = 1; limit <= 100; limit++) {
      const doc = limited({ scope: { kind: "topic", slug: "syria" }, format: "json", limit });
      const feed = JSON.parse(renderFeed("json", doc)) as { feed_url: string; items: { id: string }[] };
      expect(feed.items.map((i) => i.id)).toEqual(
        [nyt.id, trigtent.id, wapo.id, missiles.id, mcclatchy.id].slice(0, limit),
      );
      expect(feed.feed_url).toBe(
        `https://dispatch.example.com/topics/syria/feed.json${limit === 20 ? "" : `?limit=${limit}`}`,
      );
      if (limit === 1 || limit === 100) expect(checkJsonFeed(renderFeed("json", doc)), String(limit)).toEqual([]);
    }
    for (const limit of [0, 101, 2.5]) expect(() => limited({ format: "json", limit })).toThrow(RangeError);
  });
});

describe("a hub and a one-article site", () => {
  it("advertises the WebSub hub in every format when site.hub is set", async () => {
    const hub = "https://pubsubhubbub.appspot.com/";
    const withHub = await buildSite(SPECS.slice(0, 1), { hub });
    expect(parseAtomFeed(withHub.text("/feed.atom")).links).toContainEqual({ rel: "hub", href: hub });
    expect(parseRssFeed(withHub.text("/feed.rss")).atom?.links).toContainEqual({ rel: "hub", href: hub });
    expect(JSON.parse(withHub.text("/feed.json")).hubs).toEqual([{ type: "WebSub", url: hub }]);
  });

  it("renders valid feeds with no entries, dated by the idAuthority's date rather than the clock", async () => {
    const empty = renderFeed("atom", limited({ format: "atom", list: [] }));
    expect(await checkAtom(empty)).toEqual([]);
    expect(parseAtomFeed(empty).updated).toBe("2026-11-21T00:00:00-05:00");
  });
});

describe("/topics.opml", () => {
  // As the build lists them: most articles first, then by slug; authors after.
  const counts = new Map<string, number>();
  for (const a of articles) for (const t of a.topics) counts.set(t.slug, (counts.get(t.slug) ?? 0) + 1);
  const topics = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([slug]) => ({ slug }));
  const opml = parseOpml(byPath(files, "/topics.opml").body);

  it("lists the site feed, the digest feed, and each topic's feed and digest feed", () => {
    expect(opml.head?.title).toBe("Dispatch feeds");
    expect(opml.head?.dateModified).toBe("Mon, 16 Jul 2018 04:00:00 GMT");
    expect(opml.head?.ownerName).toBe("Dispatch desk");
    const subscriptions: { text?: string; type?: string; xmlUrl?: string; htmlUrl?: string }[] = [];
    type Outline = { text?: string; type?: string; xmlUrl?: string; htmlUrl?: string; outlines?: Outline[] };
    const collect = (list: Outline[] | undefined) => {
      for (const o of list ?? []) {
        if (o.xmlUrl) subscriptions.push({ text: o.text, type: o.type, xmlUrl: o.xmlUrl, htmlUrl: o.htmlUrl });
        collect(o.outlines);
      }
    };
    collect(opml.body?.outlines);
    const o = "https://dispatch.example.com";
    expect(subscriptions.slice(0, 2)).toEqual([
      { text: "Dispatch", type: "rss", xmlUrl: `${o}/feed.atom`, htmlUrl: `${o}/` },
      { text: "Dispatch: weekly digest", type: "rss", xmlUrl: `${o}/digest/feed.atom`, htmlUrl: `${o}/digest` },
    ]);
    expect(subscriptions.map((s) => s.xmlUrl).filter((u) => !u?.includes("/authors/"))).toEqual([
      `${o}/feed.atom`,
      `${o}/digest/feed.atom`,
      ...topics.flatMap((t) => [`${o}/topics/${t.slug}/feed.atom`, `${o}/topics/${t.slug}/digest.atom`]),
    ]);
    expect(subscriptions).toContainEqual({
      text: "Dispatch: Thomas Gibbons-Neff",
      type: "rss",
      xmlUrl: `${o}/authors/thomas-gibbons-neff/feed.atom`,
      htmlUrl: `${o}/authors/thomas-gibbons-neff`,
    });
    expect(subscriptions).toContainEqual({
      text: "Dispatch: Cluster munitions",
      type: "rss",
      xmlUrl: `${o}/topics/cluster-munitions/feed.atom`,
      htmlUrl: `${o}/topics/cluster-munitions`,
    });
  });
});

describe("an article with hostile text", async () => {
  // "]]>" twice (ends a CDATA section), a vertical tab (illegal in XML 1.0), a <script> tag and an emoji,
  // in the title, the summary, the byline and the body, through the build as any article comes.
  const nasty = "A ]]> B ]]> C\u000bD <script>alert(1)</script> 🛰️";
  const hostile: ArticleSpec = {
    slug: "hostile",
    date: "2018-07-17",
    title: nasty,
    summary: nasty,
    publisher: "The Test Times",
    byline: "Reporter\u000b]]>&<co>",
    topics: ["syria"],
    body: `${nasty.replace("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")}\n\n<script>alert(2)</script>\n\n<p onclick="alert(3)"><a href="javascript:alert(4)">x</a></p>`,
  };
  const withHostile = await buildSite([hostile, ...SPECS]);
  const files = withHostile.files;
  const shown = "A ]]> B ]]> C D <script>alert(1)</script> 🛰️";

  it("leaves every format well-formed and valid", async () => {
    expect(await problemsOf(files)).toEqual([]);
  });

  it("keeps the text, as text, in every format (the vertical tab becomes a space)", () => {
    const atom = parseAtomFeed(byPath(files, "/feed.atom").body).entries?.[0];
    // Atom declares markup-like text as HTML, escaped as such, so a reader shows the characters and the W3C
    // validator sees no undeclared markup.
    expect(atom?.title?.type).toBe("html");
    expect(atom?.title?.value).toBe(shown.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(atom?.summary?.type).toBe("html");
    expect(atom?.authors).toEqual([{ name: "Reporter ]]>&<co>" }]);
    const rss = parseRssFeed(byPath(files, "/feed.rss").body).items?.[0];
    expect(rss?.title).toBe(shown);
    expect(rss?.dc?.creators).toEqual(["Reporter ]]>&<co>"]);
    const json = parseJsonFeed(byPath(files, "/feed.json").body).items?.[0];
    expect(json?.title).toBe(shown);
    expect(json?.summary).toBe(shown);
  });

  it("never lets the script become executable markup in content", () => {
    const html = [
      parseAtomFeed(byPath(files, "/feed.atom").body).entries?.[0]?.content?.value,
      parseRssFeed(byPath(files, "/feed.rss").body).items?.[0]?.content?.encoded,
      parseJsonFeed(byPath(files, "/feed.json").body).items?.[0]?.content_html,
    ];
    for (const h of html) {
      expect(h).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(h).not.toMatch(/<script|onclick|javascript:/i);
      expect(h).toContain("🛰️");
    }
    // RSS readers render <description> as HTML: the plain-text summary is escaped for it.
    expect(parseRssFeed(byPath(files, "/feed.rss").body).items?.[0]?.description).toBe(
      "A ]]&gt; B ]]&gt; C D &lt;script&gt;alert(1)&lt;/script&gt; 🛰️",
    );
  });
});

describe("articleEntry and feedHtml", () => {
  it("takes authors from the byline, else the publisher, else the site's author", () => {
    expect(articleEntry(site, nyt).authors).toEqual([{ name: "Eric Schmitt" }, { name: "Thomas Gibbons-Neff" }]);
    expect(articleEntry(site, trigtent).authors).toEqual([{ name: "TrigTent" }]);
    expect(articleEntry(site, { ...trigtent, authors: [], publisher: " " }).authors).toEqual([
      { name: "Dispatch desk" },
    ]);
  });

  it("resolves root-relative, relative, protocol-relative and fragment URLs, and keeps absolute ones", () => {
    const base = "https://dispatch.example.com/articles/x";
    expect(
      feedHtml(
        '<a href="/a">1</a><a href="b">2</a><img src="//cdn.example.net/i.png"><a href="#f">3</a><a href="mailto:desk@example.com">4</a><a href="https://example.org/?a=1&amp;b=2">5</a>',
        base,
      ),
    ).toBe(
      '<a href="https://dispatch.example.com/a">1</a><a href="https://dispatch.example.com/articles/b">2</a><img src="https://cdn.example.net/i.png"><a href="https://dispatch.example.com/articles/x#f">3</a><a href="mailto:desk@example.com">4</a><a href="https://example.org/?a=1&amp;b=2">5</a>',
    );
  });
});

describe("the conformance checkers", () => {
  const doc = limited({ format: "atom", list: [nyt] });
  const atom = renderFeed("atom", doc);
  const rss = renderFeed("rss", { ...doc, self: "https://dispatch.example.com/feed.rss" });
  const json = renderFeed("json", { ...doc, self: "https://dispatch.example.com/feed.json" });
  const expectProblem = async (problems: Promise<string[]> | string[], pattern: RegExp) =>
    expect((await problems).join("\n")).toMatch(pattern);

  it("catch in Atom what the grammar does not: zone-less dates, missing authors, self links, ids, links, content", async () => {
    expect(await checkAtom(atom)).toEqual([]);
    await expectProblem(
      checkAtom(atom.replace("<updated>2018-07-16T00:00:00-04:00</updated>", "<updated>2018-07-16T00:00:00</updated>")),
      /feed: updated .* not RFC 3339/,
    );
    await expectProblem(checkAtom(atom.replace(/<author>[\s\S]*?<\/author>/g, "")), /no author, and none on the feed/);
    await expectProblem(checkAtom(atom.replace(/(<link rel="self"[^>]*>)/, "$1$1")), /2 rel="self" links/);
    await expectProblem(
      checkAtom(atom.replace("<id>tag:dispatch.example.com,2026-11-21:feed</id>", "<id>the feed</id>")),
      /feed: id "the feed" is not an IRI/,
    );
    await expectProblem(
      checkAtom(
        atom
          .replace(/<link rel="alternate" type="text\/html" href="https:\/\/dispatch.example.com\/articles[^>]*>/, "")
          .replace(/<content[\s\S]*<\/content>/, ""),
      ),
      /neither an alternate link nor content/,
    );
    await expectProblem(
      checkAtom(atom.replace("&lt;/p&gt;", "&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;")),
      /<script> element/,
    );
    await expectProblem(
      checkAtom(atom.replace("https://dispatch.example.com/media/helsinki.jpg", "/media/helsinki.jpg")),
      /relative URL src="\/media\/helsinki.jpg"/,
    );
    await expectProblem(checkAtom(atom.replace("<generator>", "<generator><b/>")), /feed.atom:\d+: .*generator/i);
  });

  it("catch in RSS: dates, weekdays, guids, the self link, author emails, illegal characters", async () => {
    expect(await checkRss(rss)).toEqual([]);
    await expectProblem(checkRss(rss.replace("<pubDate>Mon, 16 Jul", "<pubDate>Tue, 16 Jul")), /is a Mon, not a Tue/);
    await expectProblem(
      checkRss(rss.replace("<pubDate>Mon, 16 Jul 2018 04:00:00 GMT", "<pubDate>2018-07-16T04:00:00Z")),
      /not an RFC 822 date-time/,
    );
    await expectProblem(checkRss(rss.replace(' isPermaLink="false"', "")), /isPermaLink must be "false"/);
    await expectProblem(checkRss(rss.replace(/<atom:link[^>]*rel="self"[^>]*\/>/, "")), /0 atom:link rel="self"/);
    await expectProblem(checkRss(rss.replace("<title>Dispatch</title>", "<title>Dis\u000bpatch</title>")), /forbids/);
    expect(await checkRss(rss.replace("</guid>", "</guid><author>desk@example.com (Dispatch desk)</author>"))).toEqual(
      [],
    );
  });

  it("catch in JSON Feed: the 1.0 version and author, missing URLs, zone-less dates, items without content", () => {
    expect(checkJsonFeed(json)).toEqual([]);
    const feed = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
    const item = feed.items[0] ?? {};
    const variant = (f: object) => JSON.stringify({ ...feed, ...f });
    expect(checkJsonFeed(variant({ version: "https://jsonfeed.org/version/1" })).join()).toMatch(/version/);
    expect(checkJsonFeed(variant({ author: { name: "x" } })).join()).toMatch(/"author" is JSON Feed 1.0/);
    expect(checkJsonFeed(variant({ feed_url: "/feed.json" })).join()).toMatch(
      /feed_url "\/feed.json" is not an absolute URL/,
    );
    expect(checkJsonFeed(variant({ items: [{ ...item, date_published: "2018-07-16" }] })).join()).toMatch(
      /date_published/,
    );
    expect(checkJsonFeed(variant({ items: [{ ...item, content_html: undefined }] })).join()).toMatch(
      /neither content_html/,
    );
    expect(checkJsonFeed(variant({ items: [{ ...item, id: 7 }] })).join()).toMatch(/id is not a non-empty string/);
    expect(checkJsonFeed("{")).toHaveLength(1);
  });

  it("check many documents in one run, each problem named by the document that has it", async () => {
    const docs = [
      { name: "/feed.atom", text: atom },
      { name: "/topics/x/feed.atom", text: atom.replace(/<title[^>]*>[^<]*<\/title>/, "") },
      { name: "/feed.rss", text: rss },
      { name: "/topics/x/feed.rss", text: rss.replace("</channel>", "") },
      { name: "/feed.json", text: json },
      { name: "/topics/x/feed.json", text: json.replace('"items"', '"entries"') },
      { name: "/topics.opml", text: "<opml><body></opml>" },
    ];
    const problems = await checkDocuments(docs);
    const named = new Set(problems.map((p) => p.slice(0, p.search(/[: ]/))));
    expect([...named].sort()).toEqual([
      "/topics.opml",
      "/topics/x/feed.atom",
      "/topics/x/feed.json",
      "/topics/x/feed.rss",
    ]);
    expect(problems.join("\n")).toMatch(/\/topics\/x\/feed.atom:\d+: .*title/);
    expect(await checkDocuments(docs.filter((d) => !d.name.includes("/x/") && !d.name.endsWith(".opml")))).toEqual([]);
  });
});
