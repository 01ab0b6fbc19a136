// The site and topic feeds as a reader gets them: metadata, entries, RFC 5005 history, ?limit, OPML, hostile input.

import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import { markdownToHtml } from "../../src/build/markdown.js";
import { articleEntry, feedHtml, feedId } from "../../src/render/entries.js";
import { renderAtom, renderFeed, renderJsonFeed, renderRss } from "../../src/render/feeds.js";
import type { RenderedFile } from "../../src/render/rendered.js";
import { archiveDocument, archivePath, feedDocument, renderSiteFeeds } from "../../src/render/site-feeds.js";
import type { ArticleRecord, TopicCount } from "../../src/shared/article.js";
import { FEED_FORMATS, FEED_MEDIA_TYPES } from "../../src/shared/paths.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { checkAtom, checkJsonFeed, checkRss, checkXml } from "./conformance.js";
import { TEST_SITE } from "./site-fixture.js";

const site: SiteConfig = TEST_SITE;

const russia = { slug: "russia", label: "Russia" };
const syria = { slug: "syria", label: "Syria" };
const clusterMunitions = { slug: "cluster-munitions", label: "Cluster munitions" };
const deconfliction = { slug: "deconfliction", label: "Deconfliction" };

function article(slug: string, date: string, fields: Partial<ArticleRecord>): ArticleRecord {
  return {
    slug,
    id: `tag:dispatch.example.com,2026-11-21:${date}:${slug}`,
    title: slug,
    published: `${date}T00:00:00-04:00`,
    updated: `${date}T00:00:00-04:00`,
    date,
    week: "2018-W29",
    publisher: "The New York Times",
    authors: [],
    topics: [russia, syria],
    topicsDerived: false,
    summary: "A summary.",
    wordCount: 500,
    readingMinutes: 3,
    entities: { people: [], places: [], organizations: [] },
    html: "<p>Body.</p>",
    ...fields,
  };
}

// Newest first, as the build passes them.
const nyt = article("american-russian-relations-in-syria", "2018-07-16", {
  title: "American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim",
  byline: "Eric Schmitt and Thomas Gibbons-Neff",
  authors: ["Eric Schmitt", "Thomas Gibbons-Neff"],
  topics: [russia, syria, deconfliction],
  summary: "Despite political tensions, the two nations’ militaries are cooperating closely, Trump and Putin said.",
  html: '<p>WASHINGTON — Despite political tensions…</p><figure><img src="/media/helsinki.jpg" alt="Helsinki"></figure><p>See <a href="../topics/deconfliction">deconfliction</a> and <a href="#notes">notes</a>.</p>',
});
const trigtent = article("russian-and-us-forces-clash-in-syria", "2018-02-15", {
  title: "Russian And U.S. Forces Reportedly Clash In Syria",
  publisher: "TrigTent",
  url: "https://www.trigtent.com/world/russian-and-us-forces-reportedly-clash-syria",
  published: "2018-02-15T00:00:00-05:00",
  // Corrected after publication, in another offset: updated stays as written.
  updated: "2018-02-16T10:30:00+01:00",
  week: "2018-W07",
});
const wapo = article("russia-cluster-bombed-us-backed-fighters", "2016-06-18", {
  title: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters",
  publisher: "The Washington Post (Checkpoint)",
  byline: "Thomas Gibbons-Neff",
  authors: ["Thomas Gibbons-Neff"],
  url: "https://www.washingtonpost.com/news/checkpoint/wp/2016/06/18/images-suggest-that-russia-cluster-bombed-u-s-backed-syrian-fighters/",
  topics: [russia, syria, clusterMunitions],
});
const missiles = article("missiles-fired-from-russian-warships", "2015-10-07", {
  title: "Syria Attack Escalates, Missiles Fired From Russian Warships",
  authors: ["Andrew E. Kramer", "Anne Barnard"],
});
const mcclatchy = article("us-russia-bomb-same-country", "2015-09-30", {
  title: "Not since World War II have U.S., Russia bombed same country",
  publisher: "McClatchy DC",
  authors: ["James Rosen"],
  topics: [russia, syria, deconfliction],
});
const articles = [nyt, trigtent, wapo, missiles, mcclatchy];

function topicCounts(list: ArticleRecord[]): TopicCount[] {
  const counts = new Map<string, TopicCount>();
  for (const a of list)
    for (const t of a.topics) counts.set(t.slug, { ...t, count: (counts.get(t.slug)?.count ?? 0) + 1 });
  return [...counts.values()];
}

const topics = topicCounts(articles);

function byPath(files: RenderedFile[], path: string): RenderedFile {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${files.map((x) => x.path).join(", ")}`);
  return f;
}

async function problemsOf(f: RenderedFile): Promise<string[]> {
  if (f.path.endsWith(".atom")) return checkAtom(f.body);
  if (f.path.endsWith(".rss")) return checkRss(f.body);
  if (f.path.endsWith(".json")) return checkJsonFeed(f.body);
  return checkXml(f.body, f.path);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("renderSiteFeeds", () => {
  const files = renderSiteFeeds({ site, articles, topics });

  it("renders the site feed and every topic's feed in three formats, and /topics.opml, each valid", async () => {
    const expected = [
      "/feed.atom",
      "/feed.rss",
      "/feed.json",
      ...topics.flatMap((t) => FEED_FORMATS.map((f) => `/topics/${t.slug}/feed.${f}`)),
      "/topics.opml",
    ];
    // Five articles and feedSize 20: no full archive page yet, so no archive documents.
    expect(files.map((f) => f.path).sort()).toEqual(expected.sort());
    for (const f of files) expect(await problemsOf(f), f.path).toEqual([]);
  });

  it("serves each format with its media type", () => {
    for (const format of FEED_FORMATS)
      expect(byPath(files, `/feed.${format}`).contentType).toBe(FEED_MEDIA_TYPES[format]);
    expect(byPath(files, "/topics.opml").contentType).toBe("text/x-opml; charset=utf-8");
  });

  it("gives the same bytes for the same content, whenever it runs", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T12:00:00Z"));
    const first = renderSiteFeeds({ site, articles, topics });
    vi.setSystemTime(new Date("2031-06-15T03:00:00Z"));
    const second = renderSiteFeeds({ site, articles, topics });
    expect(second).toEqual(first);
    for (const f of first) expect(f.body).not.toMatch(/203[01]/);
  });
});

describe("the Atom site feed", () => {
  const xml = byPath(renderSiteFeeds({ site, articles, topics }), "/feed.atom").body;
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
    expect(xml).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="en">/);
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
    expect(second?.updated).toBe("2018-02-16T10:30:00+01:00");
    expect(third?.links?.find((l) => l.rel === "via")?.href).toBe(wapo.url);
    expect(first?.links?.some((l) => l.rel === "via")).toBe(false);
  });

  it("makes every relative URL in the content absolute, against the article's page", () => {
    const content = feed.entries?.[0]?.content;
    expect(content?.type).toBe("html");
    expect(content?.value).toContain('<img src="https://dispatch.example.com/media/helsinki.jpg" alt="Helsinki">');
    expect(content?.value).toContain('<a href="https://dispatch.example.com/topics/deconfliction">deconfliction</a>');
    expect(content?.value).toContain(
      '<a href="https://dispatch.example.com/articles/american-russian-relations-in-syria#notes">notes</a>',
    );
  });

  it("keeps entry ids free of the origin, so a domain move changes no id", () => {
    const moved = parseAtomFeed(
      renderAtom(
        feedDocument({
          site: { ...site, origin: "https://news.example.org" },
          scope: { kind: "site" },
          articles,
          format: "atom",
        }),
      ),
    );
    expect(moved.id).toBe(feed.id);
    expect(moved.entries?.map((e) => e.id)).toEqual(feed.entries?.map((e) => e.id));
    expect(moved.links?.find((l) => l.rel === "self")?.href).toBe("https://news.example.org/feed.atom");
  });
});

describe("the RSS site feed", () => {
  const xml = byPath(renderSiteFeeds({ site, articles, topics }), "/feed.rss").body;
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
  const text = byPath(renderSiteFeeds({ site, articles, topics }), "/feed.json").body;
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
    expect(second?.date_modified).toBe("2018-02-16T10:30:00+01:00");
  });
});

describe("an independent parse (feedsmith) of every format", () => {
  const files = renderSiteFeeds({ site, articles, topics });
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
  const files = renderSiteFeeds({ site, articles, topics });

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
    expect(feedId(site, { kind: "topic", topic: syria })).toBe("tag:dispatch.example.com,2026-11-21:topic/syria");
    expect(feedId(site, { kind: "site" })).toBe("tag:dispatch.example.com,2026-11-21:feed");
  });
});

describe("RFC 5005 archived feeds", () => {
  // feedSize 2 and five articles: two full archive pages (oldest four), the newest one only in the subscription doc.
  const small = { ...site, feedSize: 2 };
  const files = renderSiteFeeds({ site: small, articles, topics });
  const url = (path: string) => `https://dispatch.example.com${path}`;

  it("publishes full pages counted from the oldest, each valid, in every format", async () => {
    const archives = files.filter((f) => f.path.startsWith("/feed/archive/")).map((f) => f.path);
    expect(archives.sort()).toEqual(
      ["/feed/archive/1.atom", "/feed/archive/1.json", "/feed/archive/1.rss"]
        .concat(["/feed/archive/2.atom", "/feed/archive/2.json", "/feed/archive/2.rss"])
        .sort(),
    );
    for (const f of files) expect(await problemsOf(f), f.path).toEqual([]);
    expect(parseAtomFeed(byPath(files, "/feed/archive/1.atom").body).entries?.map((e) => e.id)).toEqual([
      missiles.id,
      mcclatchy.id,
    ]);
    expect(parseAtomFeed(byPath(files, "/feed/archive/2.atom").body).entries?.map((e) => e.id)).toEqual([
      trigtent.id,
      wapo.id,
    ]);
    expect(archivePath({ kind: "topic", topic: syria }, 3, "rss")).toBe("/topics/syria/feed/archive/3.rss");
    expect(byPath(files, "/topics/syria/feed/archive/1.atom").contentType).toBe(FEED_MEDIA_TYPES.atom);
  });

  it("links the subscription document to the newest archive, and archives to each other and to current", () => {
    const sub = parseAtomFeed(byPath(files, "/feed.atom").body);
    expect(sub.entries?.map((e) => e.id)).toEqual([nyt.id, trigtent.id]);
    expect(sub.links?.filter((l) => l.rel === "prev-archive").map((l) => l.href)).toEqual([
      url("/feed/archive/2.atom"),
    ]);
    expect(byPath(files, "/feed.atom").body).not.toContain("fh:archive");

    const newest = byPath(files, "/feed/archive/2.atom").body;
    expect(newest).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
    expect(newest).toContain("<fh:archive/>");
    const links = (xml: string) =>
      Object.fromEntries(
        (parseAtomFeed(xml).links ?? []).filter((l) => l.type === "application/atom+xml").map((l) => [l.rel, l.href]),
      );
    expect(links(newest)).toEqual({
      self: url("/feed/archive/2.atom"),
      current: url("/feed.atom"),
      "prev-archive": url("/feed/archive/1.atom"),
    });
    expect(links(byPath(files, "/feed/archive/1.atom").body)).toEqual({
      self: url("/feed/archive/1.atom"),
      current: url("/feed.atom"),
      "next-archive": url("/feed/archive/2.atom"),
    });
    expect(parseAtomFeed(newest).id).toBe(sub.id);
    expect(parseAtomFeed(newest).updated).toBe(trigtent.updated);
  });

  /** Follows the chain from `start` as a reader would, collecting entry ids and the documents visited. */
  function walk(start: string, read: (body: string) => { ids: (string | undefined)[]; next?: string }) {
    const ids: string[] = [];
    const chain: string[] = [];
    let path: string | undefined = start;
    while (path !== undefined) {
      chain.push(path);
      const doc: { ids: (string | undefined)[]; next?: string } = read(byPath(files, path).body);
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
      expect(chain).toHaveLength(3);
    }
    const rssArchive = byPath(files, "/feed/archive/1.rss").body;
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
    expect(chain).toEqual(["/feed.json", "/feed/archive/2.json", "/feed/archive/1.json"]);
    expect(ids).toEqual(new Set(articles.map((a) => a.id)));
  });

  it("keeps a full archive page's entries when newer articles arrive", () => {
    const newer = [article("later-one", "2018-08-01", {}), article("later-two", "2018-08-02", {})].reverse();
    const after = renderSiteFeeds({ site: small, articles: [...newer, ...articles], topics });
    expect(byPath(after, "/feed/archive/1.atom").body).toBe(byPath(files, "/feed/archive/1.atom").body);
    const ids = (fs: RenderedFile[]) =>
      parseAtomFeed(byPath(fs, "/feed/archive/2.atom").body).entries?.map((e) => e.id);
    expect(ids(after)).toEqual(ids(files));
    // Page 3 now holds NYT and the first later article; the subscription doc points to it.
    expect(parseAtomFeed(byPath(after, "/feed/archive/3.atom").body).entries?.map((e) => e.id)).toEqual([
      newer[1]?.id,
      nyt.id,
    ]);
  });

  it("refuses an archive page that does not exist", () => {
    expect(() => archiveDocument({ site: small, scope: { kind: "site" }, articles, format: "atom", n: 3 })).toThrow(
      /no archive document 3/,
    );
  });
});

describe("feedDocument for ?limit=N, rendered by the Worker", () => {
  const small = { ...site, feedSize: 2 };

  it("holds the newest N entries and names the limit in its self link", async () => {
    const doc = feedDocument({ site, scope: { kind: "site" }, articles, format: "rss", limit: 3 });
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
    expect(feedDocument({ site, scope: { kind: "site" }, articles, format: "atom" }).self).toBe(
      "https://dispatch.example.com/feed.atom",
    );
    expect(feedDocument({ site, scope: { kind: "site" }, articles, format: "atom", limit: 20 }).self).toBe(
      "https://dispatch.example.com/feed.atom",
    );
  });

  it("links the archives only when its entries reach them, so no entry is skipped", () => {
    // Five articles in pages of two: the newest (NYT) is on no archive page.
    const one = feedDocument({ site: small, scope: { kind: "site" }, articles, format: "atom", limit: 1 });
    expect(one.paging?.prevArchive).toBe("https://dispatch.example.com/feed/archive/2.atom");
    // Pages of three: the newest two are on no archive page, so a one-entry document would skip one of them.
    const three = { ...site, feedSize: 3 };
    expect(
      feedDocument({ site: three, scope: { kind: "site" }, articles, format: "atom", limit: 1 }).paging,
    ).toBeUndefined();
    expect(feedDocument({ site: three, scope: { kind: "site" }, articles, format: "atom", limit: 2 }).paging).toEqual({
      prevArchive: "https://dispatch.example.com/feed/archive/1.atom",
    });
  });

  it("renders a topic's feed at any limit from 1 to 100 and refuses others", () => {
    const doc = feedDocument({ site, scope: { kind: "topic", topic: syria }, articles, format: "json", limit: 100 });
    expect(doc.entries).toHaveLength(5);
    expect(checkJsonFeed(renderJsonFeed(doc))).toEqual([]);
    for (const limit of [0, 101, 2.5])
      expect(() => feedDocument({ site, scope: { kind: "site" }, articles, format: "json", limit })).toThrow(
        RangeError,
      );
  });
});

describe("a hub and an empty site", () => {
  it("advertises the WebSub hub in every format when site.hub is set", () => {
    const hub = "https://pubsubhubbub.appspot.com/";
    const files = renderSiteFeeds({ site: { ...site, hub }, articles, topics });
    expect(parseAtomFeed(byPath(files, "/feed.atom").body).links).toContainEqual({ rel: "hub", href: hub });
    expect(parseRssFeed(byPath(files, "/feed.rss").body).atom?.links).toContainEqual({ rel: "hub", href: hub });
    expect(JSON.parse(byPath(files, "/feed.json").body).hubs).toEqual([{ type: "WebSub", url: hub }]);
  });

  it("renders valid feeds with no entries, dated by the idAuthority's date rather than the clock", async () => {
    const files = renderSiteFeeds({ site, articles: [], topics: [] });
    expect(files.map((f) => f.path).sort()).toEqual(["/feed.atom", "/feed.json", "/feed.rss", "/topics.opml"]);
    for (const f of files) expect(await problemsOf(f), f.path).toEqual([]);
    expect(parseAtomFeed(byPath(files, "/feed.atom").body).updated).toBe("2026-11-21T00:00:00-05:00");
  });
});

describe("/topics.opml", () => {
  const files = renderSiteFeeds({ site, articles, topics });
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
    expect(subscriptions.map((s) => s.xmlUrl)).toEqual([
      `${o}/feed.atom`,
      `${o}/digest/feed.atom`,
      ...topics.flatMap((t) => [`${o}/topics/${t.slug}/feed.atom`, `${o}/topics/${t.slug}/digest.atom`]),
    ]);
    expect(subscriptions).toContainEqual({
      text: "Dispatch: Cluster munitions",
      type: "rss",
      xmlUrl: `${o}/topics/cluster-munitions/feed.atom`,
      htmlUrl: `${o}/topics/cluster-munitions`,
    });
  });
});

describe("an article with hostile text", () => {
  // "]]>" twice (ends a CDATA section), a vertical tab (illegal in XML 1.0), a <script> tag and an emoji,
  // in the title, the summary, the byline and the body.
  const nasty = "A ]]> B ]]> C\u000bD <script>alert(1)</script> 🛰️";
  const hostile = article("hostile", "2018-07-17", {
    title: nasty,
    summary: nasty,
    authors: ["Reporter\u000b]]> & <co>"],
    topics: [{ slug: "syria", label: "Syria\u000b]]> <b>" }],
    // Article HTML reaches the renderers through the build's sanitiser, as every article body does.
    html: markdownToHtml(
      `<p>${nasty.replace("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")}</p><script>alert(2)</script><p onclick="alert(3)"><a href="javascript:alert(4)">x</a></p>`,
    ),
  });
  const list = [hostile, ...articles];
  const files = renderSiteFeeds({ site, articles: list, topics: topicCounts(list) });
  const shown = "A ]]> B ]]> C D <script>alert(1)</script> 🛰️";

  it("leaves every format well-formed and valid", async () => {
    for (const f of files) expect(await problemsOf(f), f.path).toEqual([]);
  });

  it("keeps the text, as text, in every format (the vertical tab becomes a space)", () => {
    const atom = parseAtomFeed(byPath(files, "/feed.atom").body).entries?.[0];
    expect(atom?.title?.value).toBe(shown);
    expect(atom?.title?.type).toBe("text");
    expect(atom?.summary?.value).toBe(shown);
    expect(atom?.authors).toEqual([{ name: "Reporter ]]> & <co>" }]);
    expect(atom?.categories?.[0]?.label).toBe("Syria ]]> <b>");
    const rss = parseRssFeed(byPath(files, "/feed.rss").body).items?.[0];
    expect(rss?.title).toBe(shown);
    expect(rss?.dc?.creators).toEqual(["Reporter ]]> & <co>"]);
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
    expect(articleEntry(site, { ...trigtent, publisher: " " }).authors).toEqual([{ name: "Dispatch desk" }]);
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
  const doc = feedDocument({ site, scope: { kind: "site" }, articles: [nyt], format: "atom" });
  const atom = renderAtom(doc);
  const rss = renderRss({ ...doc, self: "https://dispatch.example.com/feed.rss" });
  const json = renderJsonFeed({ ...doc, self: "https://dispatch.example.com/feed.json" });
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
});
