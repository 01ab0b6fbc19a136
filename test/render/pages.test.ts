// The reader-facing pages: what a reader (and a feed reader's autodiscovery) finds on each, read from parsed HTML.
import type { ChildNode, Document, Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { renderArticlePage } from "../../src/render/html/article.js";
import { humanDate, readingTime } from "../../src/render/html/format.js";
import { renderHomePage } from "../../src/render/html/home.js";
import { renderNotFoundPage } from "../../src/render/html/not-found.js";
import { renderTopicPage } from "../../src/render/html/topic.js";
import { renderTopicsPage } from "../../src/render/html/topics.js";
import type { ArticleRecord, TopicCount } from "../../src/shared/article.js";
import { paths } from "../../src/shared/routes.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { articles, hostile, nyt, russia, site, topics, wapo } from "./page-fixtures.js";

// ---- reading the HTML the way a browser would ----

const isElement = (n: ChildNode | Document): n is Element =>
  n.type === "tag" || n.type === "script" || n.type === "style";

function all(root: Document | Element, test: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  const walk = (n: Document | Element) => {
    for (const c of n.children) {
      if (!isElement(c)) continue;
      if (test(c)) found.push(c);
      walk(c);
    }
  };
  walk(root);
  return found;
}

const byTag = (root: Document | Element, tag: string) => all(root, (e) => e.name === tag);

function one(root: Document | Element, tag: string): Element {
  const [e, ...rest] = byTag(root, tag);
  if (!e || rest.length > 0) throw new Error(`expected exactly one <${tag}>, found ${rest.length + (e ? 1 : 0)}`);
  return e;
}

/** Text as a reader sees it: entities decoded, whitespace collapsed. */
function text(n: ChildNode | Document): string {
  const raw = (x: ChildNode | Document): string =>
    x.type === "text" ? x.data : "children" in x ? x.children.map(raw).join("") : "";
  return raw(n).replace(/\s+/g, " ").trim();
}

/** Visible text: without the screen-reader-only spans. */
function visibleText(n: Element): string {
  const raw = (x: ChildNode): string =>
    x.type === "text" ? x.data : isElement(x) && x.attribs.class !== "vh" ? x.children.map(raw).join("") : "";
  return n.children.map(raw).join("").replace(/\s+/g, " ").trim();
}

const links = (root: Document | Element) => byTag(root, "a").map((a) => ({ href: a.attribs.href, text: text(a) }));

function alternates(doc: Document) {
  return all(doc, (e) => e.name === "link" && e.attribs.rel === "alternate").map((l) => ({
    type: l.attribs.type,
    href: l.attribs.href,
    title: l.attribs.title,
  }));
}

const canonical = (doc: Document) =>
  all(doc, (e) => e.name === "link" && e.attribs.rel === "canonical").map((l) => l.attribs.href);

interface RenderedPage {
  path: string;
  body: string;
}

/** The pages the build renders for these articles and topics: home, the topic list, each topic, each article. */
function renderSitePages(input: { site: SiteConfig; articles: ArticleRecord[]; topics: TopicCount[] }): RenderedPage[] {
  const { site, articles, topics } = input;
  const page = (path: string, body: string) => ({ path, body });
  return [
    page(paths.home(), renderHomePage({ site, articles, total: articles.length, topics })),
    page(paths.topics(), renderTopicsPage(site, topics)),
    ...topics.map((t) =>
      page(
        paths.topic(t.slug),
        renderTopicPage(
          site,
          t,
          articles.filter((a) => a.topics.some((x) => x.slug === t.slug)),
        ),
      ),
    ),
    ...articles.map((a) => page(paths.article(a.slug), renderArticlePage(site, a))),
  ];
}

const pages = renderSitePages({ site, articles, topics });

function page(path: string): RenderedPage {
  const p = pages.find((f) => f.path === path);
  if (!p) throw new Error(`no page rendered at ${path}`);
  return p;
}
const doc = (path: string) => parseDocument(page(path).body);

const ORIGIN = site.origin;
const siteFeedLinks = [
  { type: "application/atom+xml", href: `${ORIGIN}/feed.atom`, title: "Dispatch (Atom)" },
  { type: "application/rss+xml", href: `${ORIGIN}/feed.rss`, title: "Dispatch (RSS)" },
  { type: "application/feed+json", href: `${ORIGIN}/feed.json`, title: "Dispatch (JSON Feed)" },
];
const topicFeedLinks = (slug: string, label: string) => [
  { type: "application/atom+xml", href: `${ORIGIN}/topics/${slug}/feed.atom`, title: `Dispatch: ${label} (Atom)` },
  { type: "application/rss+xml", href: `${ORIGIN}/topics/${slug}/feed.rss`, title: `Dispatch: ${label} (RSS)` },
  {
    type: "application/feed+json",
    href: `${ORIGIN}/topics/${slug}/feed.json`,
    title: `Dispatch: ${label} (JSON Feed)`,
  },
];

// ---- tests ----

describe("home, the topic list, each topic and each article page", () => {
  it('are each a whole HTML document in English: the doctype, then <html lang="en">', () => {
    for (const p of pages) expect(p.body.slice(0, 31), p.path).toBe('<!doctype html><html lang="en">');
  });

  it("is deterministic: the same input gives the same bytes", () => {
    const again = renderSitePages({ site, articles: structuredClone(articles), topics: structuredClone(topics) });
    expect(again).toEqual(pages);
  });

  it("never emits a script a browser would run, whatever the articles contain: only JSON-LD data blocks", () => {
    for (const p of pages) {
      for (const script of byTag(parseDocument(p.body), "script")) {
        expect(script.attribs.type, p.path).toBe("application/ld+json");
        expect(() => JSON.parse(text(script)), p.path).not.toThrow();
      }
      // Nothing in a data block can close it: "<" is written \u003c there.
      expect(p.body.match(/<script/gi)?.length ?? 0, p.path).toBe(
        p.body.match(/<script type="application\/ld\+json">/g)?.length ?? 0,
      );
      expect(p.body.match(/<\/script>/gi)?.length ?? 0, p.path).toBe(p.body.match(/<script/gi)?.length ?? 0);
    }
    expect(renderNotFoundPage(site, "<script>alert(1)</script>")).not.toMatch(/<script/i);
  });

  it("has exactly one h1 per page, in a <main>, with lang and a title", () => {
    for (const p of pages) {
      const d = parseDocument(p.body);
      expect(byTag(d, "h1"), p.path).toHaveLength(1);
      expect(byTag(one(d, "main"), "h1"), p.path).toHaveLength(1);
      expect(one(d, "html").attribs.lang).toBe("en");
      expect(text(one(d, "title")).length).toBeGreaterThan(0);
    }
  });

  it("never skips a heading level", () => {
    for (const p of pages) {
      const levels = all(parseDocument(p.body), (e) => /^h[1-6]$/.test(e.name)).map((h) => Number(h.name[1]));
      levels.forEach((level, i) => {
        if (i > 0) expect(level - (levels[i - 1] ?? 0), `${p.path}: h${levels[i - 1]} then h${level}`).toBeLessThan(2);
      });
    }
  });

  it("gives every page an absolute canonical link on the site origin", () => {
    for (const p of pages) expect(canonical(parseDocument(p.body)), p.path).toEqual([`${ORIGIN}${p.path}`]);
  });
});

describe("home page", () => {
  const d = doc("/");
  const main = one(d, "main");

  it("lists the latest articles newest first, each linking to its page with date, publisher, byline and summary", () => {
    const items = byTag(one(main, "ol"), "li");
    expect(items.map((li) => text(one(li, "h3")))).toEqual([nyt.title, hostile.title, wapo.title]);
    const [first, second] = items;
    if (!first || !second) throw new Error("missing items");
    expect(links(one(first, "h3"))).toEqual([
      { href: "/articles/american-russian-relations-in-syria", text: nyt.title },
    ]);
    expect(text(first)).toContain("16 July 2018");
    expect(text(first)).toContain("The New York Times");
    expect(text(first)).toContain("By Eric Schmitt and Thomas Gibbons-Neff");
    expect(text(first)).toContain(nyt.summary);
    expect(one(first, "time").attribs.datetime).toBe("2018-07-16");
    // No byline known: no "By" at all, rather than an empty or made-up one.
    expect(text(second)).not.toContain("By ");
    expect(text(second)).toContain("Reuters & Partners");
  });

  it("escapes markup in titles and summaries: a reader sees the characters", () => {
    const body = page("/").body;
    expect(body).toContain("Officials say &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    expect(text(main)).toContain(`Officials say <script>alert("x")</script> & 'quotes' "clash" in Syria`);
    expect(text(main)).toContain(`A summary with <b>markup</b> & "quotes".`);
    expect(byTag(main, "b")).toEqual([]);
  });

  it("lists the topics with counts, linking to their pages", () => {
    const topicsSection = all(main, (e) => e.name === "section" && e.attribs["aria-labelledby"] === "topics")[0];
    if (!topicsSection) throw new Error("no topics section");
    const items = byTag(one(topicsSection, "ul"), "li").map((li) => ({ text: text(li), links: links(li) }));
    expect(items[0]).toEqual({ text: "Russia (3 articles)", links: [{ href: "/topics/russia", text: "Russia" }] });
    expect(items[2]).toEqual({
      text: "Cluster munitions (1 article)",
      links: [{ href: "/topics/cluster-munitions", text: "Cluster munitions" }],
    });
    expect(items).toHaveLength(4);
  });

  it("links to the site feeds' addresses on /feeds, the digest, the digest archive and the digest feed", () => {
    const hrefs = links(main).map((l) => l.href);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        "/feeds#feed-site-atom",
        "/feeds#feed-site-rss",
        "/feeds#feed-site-json",
        "/digest",
        "/digest/archive",
        "/feeds#digest",
      ]),
    );
    const feedAnchors = byTag(main, "a").filter((a) => a.attribs.href === "/feeds#feed-site-json");
    expect(feedAnchors.map((a) => [visibleText(a), text(a), a.attribs.type])).toEqual([
      ["JSON Feed", "JSON Feed of every article", undefined],
    ]);
  });

  it("advertises the site feeds and the digest feed for autodiscovery, absolute on the origin", () => {
    expect(alternates(d)).toEqual([
      ...siteFeedLinks,
      { type: "application/atom+xml", href: `${ORIGIN}/digest/feed.atom`, title: "Dispatch weekly digest (Atom)" },
    ]);
  });

  it("marks the home link as the current page", () => {
    const current = all(d, (e) => e.attribs["aria-current"] === "page").map((e) => e.attribs.href);
    expect(current).toEqual(["/"]);
  });

  it("shows at most 20 articles and points to older ones", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      ...wapo,
      slug: `a-${i}`,
      title: `Article ${i}`,
      topics: [],
    }));
    const [home] = renderSitePages({ site, articles: many, topics: [] });
    const h = parseDocument(home?.body ?? "");
    expect(byTag(one(h, "ol"), "li")).toHaveLength(20);
    expect(links(one(h, "main")).map((l) => l.text)).toContain("archive of weekly digests");
  });

  it("says so when nothing is published yet", () => {
    const [home] = renderSitePages({ site, articles: [], topics: [] });
    expect(text(one(parseDocument(home?.body ?? ""), "main"))).toContain("No articles have been published yet.");
  });
});

describe("article page", () => {
  const d = doc("/articles/american-russian-relations-in-syria");
  const article = one(one(d, "main"), "article");

  it("shows the headline, byline, date and reading time", () => {
    expect(text(one(article, "h1"))).toBe(nyt.title);
    expect(text(d)).toContain("By Eric Schmitt and Thomas Gibbons-Neff");
    const time = one(article, "time");
    expect([time.attribs.datetime, text(time)]).toEqual(["2018-07-16", "16 July 2018"]);
    expect(text(article)).toContain("6 min read");
    expect(text(one(d, "title"))).toBe(`${nyt.title} · Dispatch`);
  });

  it("credits the publisher without a link when the original's URL is unknown", () => {
    const source = all(article, (e) => e.attribs.class === "source")[0];
    if (!source) throw new Error("no source credit");
    expect(text(source)).toBe("Originally published by The New York Times; the address of the original is not known.");
    expect(byTag(source, "a")).toEqual([]);
    expect(links(article).filter((l) => l.href?.startsWith("http"))).toEqual([]);
  });

  it("says nothing of an original on the site's own post (publisher the site, no url)", () => {
    const own: ArticleRecord = { ...nyt, publisher: site.title, url: undefined };
    delete own.url;
    const page = parseDocument(renderArticlePage(site, own));
    expect(all(page, (e) => e.attribs.class === "source")).toEqual([]);
    expect(text(page)).not.toContain("Originally published");
    // Another site's clipping that names no original still says so.
    const clipping = parseDocument(renderArticlePage(site, { ...own, publisher: "The New York Times" }));
    expect(text(clipping)).toContain("Originally published by The New York Times; the address of the original");
  });

  it("credits the publisher with a link to the original when its URL is known", () => {
    const w = doc("/articles/russia-cluster-bombed-us-backed-fighters");
    const source = all(w, (e) => e.attribs.class === "source")[0];
    if (!source) throw new Error("no source credit");
    expect(text(source)).toBe("Originally published by The Washington Post (Checkpoint)");
    expect(links(source)).toEqual([{ href: wapo.url, text: "The Washington Post (Checkpoint)" }]);
  });

  it("links its topics to their pages, and says nothing about derivation when they were given", () => {
    const topicLinks = links(article).filter((l) => l.href?.startsWith("/topics/"));
    expect(topicLinks).toEqual([
      { href: "/topics/russia", text: "Russia" },
      { href: "/topics/syria", text: "Syria" },
      { href: "/topics/deconfliction", text: "Deconfliction" },
    ]);
    expect(text(article)).not.toContain("automatically");
  });

  it("says when its topics were assigned automatically", () => {
    const h = doc("/articles/script-tags-and-quotes");
    expect(text(one(h, "article"))).toContain("These topics were assigned automatically from the article's words.");
  });

  it("includes the cleaned body as given, not escaped again", () => {
    expect(page("/articles/american-russian-relations-in-syria").body).toContain(nyt.html);
    const h = page("/articles/script-tags-and-quotes").body;
    expect(h).toContain(hostile.html);
    expect(text(one(parseDocument(h), "article"))).toContain("The tag <script> is text here, as are & and “quotes”.");
  });

  it("escapes markup in the headline and the page title", () => {
    const h = doc("/articles/script-tags-and-quotes");
    expect(text(one(h, "h1"))).toBe(hostile.title);
    expect(text(one(h, "title"))).toBe(`${hostile.title} · Dispatch`);
    const description = all(h, (e) => e.name === "meta" && e.attribs.name === "description")[0];
    expect(description?.attribs.content).toBe(hostile.summary);
  });

  it("links to the weekly digest of its week", () => {
    expect(links(article)).toContainEqual({
      href: "/digest/2018-W29",
      text: "weekly digest for the week of 16 July 2018",
    });
    expect(links(one(doc("/articles/script-tags-and-quotes"), "article"))).toContainEqual({
      href: "/digest/2018-W07",
      text: "weekly digest for the week of 12 February 2018",
    });
  });

  it("advertises the site feeds, then the feeds of each of its topics", () => {
    expect(alternates(d)).toEqual([
      ...siteFeedLinks,
      ...topicFeedLinks("russia", "Russia"),
      ...topicFeedLinks("syria", "Syria"),
      ...topicFeedLinks("deconfliction", "Deconfliction"),
    ]);
  });
});

describe("facts the front matter marks as not confirmed", () => {
  // As two of the seeds: the Post's byline is likely but not confirmed, TrigTent's date is estimated.
  const marked = renderSitePages({
    site,
    articles: [nyt, { ...hostile, unconfirmed: ["date"] }, { ...wapo, unconfirmed: ["byline", "url"] }],
    topics,
  });
  const markedDoc = (path: string) => parseDocument(marked.find((p) => p.path === path)?.body ?? "");
  const story = (path: string) => one(one(markedDoc(path), "main"), "article");

  it("are said to be so beside the byline, the date and the link to the original on the article page", () => {
    const w = story("/articles/russia-cluster-bombed-us-backed-fighters");
    const credit = all(w, (e) => e.attribs.class === "byline").map(text);
    expect(credit).toEqual(["By Thomas Gibbons-Neff (byline not confirmed)"]);
    expect(text(w)).toContain("18 June 2016 · 5 min read");
    const source = all(w, (e) => e.attribs.class === "source")[0];
    if (!source) throw new Error("no source credit");
    expect(text(source)).toBe("Originally published by The Washington Post (Checkpoint) (address not confirmed)");
    const h = story("/articles/script-tags-and-quotes");
    expect(text(h)).toContain("15 February 2018 (date estimated) · 2 min read");
    expect(text(one(h, "time"))).toBe("15 February 2018");
  });

  it("are said to be so in the lists of articles", () => {
    const items = byTag(one(one(markedDoc("/"), "main"), "ol"), "li").map(text);
    expect(items[1]).toContain("15 February 2018 (date estimated) · Reuters & Partners · 2 min read");
    expect(items[2]).toContain(
      "18 June 2016 · The Washington Post (Checkpoint) · By Thomas Gibbons-Neff (byline not confirmed) · 5 min read",
    );
  });

  it("leave confirmed facts unmarked", () => {
    const n = story("/articles/american-russian-relations-in-syria");
    expect(text(n)).not.toMatch(/not confirmed|estimated/);
    expect(marked.find((p) => p.path === "/articles/american-russian-relations-in-syria")?.body).toBe(
      page("/articles/american-russian-relations-in-syria").body,
    );
  });
});

describe("topic list", () => {
  const d = doc("/topics");
  const main = one(d, "main");
  const topicItems = all(main, (e) => e.attribs.class === "topic-list").flatMap((ul) =>
    ul.children.filter((c): c is Element => isElement(c) && c.name === "li"),
  );
  const topicItem = (label: string) => topicItems.find((li) => byTag(li, "h2").some((h) => text(h) === label));

  it("lists every topic with its article count, in the given order", () => {
    const meta = (li: Element) => text(all(li, (e) => e.attribs.class === "meta")[0] ?? li);
    expect(topicItems.map((li) => [text(one(li, "h2")), links(one(li, "h2"))[0]?.href, meta(li)])).toEqual([
      ["Russia", "/topics/russia", "3 articles"],
      ["Syria", "/topics/syria", "3 articles"],
      ["Cluster munitions", "/topics/cluster-munitions", "1 article"],
      ["Deconfliction", "/topics/deconfliction", "1 article"],
    ]);
  });

  it("links each topic's feeds in three formats and its digest feed, named for screen readers", () => {
    const syriaItem = topicItem("Syria");
    if (!syriaItem) throw new Error("no Syria item");
    const feedAnchors = byTag(syriaItem, "a").slice(1);
    expect(feedAnchors.map((a) => [a.attribs.href, visibleText(a), text(a)])).toEqual([
      ["/feeds#feed-topic-syria-atom", "Atom", "Atom feed for Syria"],
      ["/feeds#feed-topic-syria-rss", "RSS", "RSS feed for Syria"],
      ["/feeds#feed-topic-syria-json", "JSON Feed", "JSON Feed for Syria"],
      ["/feeds#digest-topic-syria-atom", "Weekly digest feed (Atom)", "Weekly digest feed for Syria (Atom)"],
    ]);
  });

  it("links the OPML list of every feed", () => {
    expect(links(main)).toContainEqual({ href: "/topics.opml", text: "OPML list of every feed" });
  });

  it("advertises the site feeds", () => {
    expect(alternates(d)).toEqual(siteFeedLinks);
  });
});

describe("topic page", () => {
  const d = doc("/topics/cluster-munitions");
  const main = one(d, "main");

  it("is headed by the topic and lists only its articles", () => {
    expect(text(one(main, "h1"))).toBe("Cluster munitions");
    expect(text(main)).toContain("1 article");
    expect(byTag(one(main, "ol"), "li").map((li) => text(one(li, "h3")))).toEqual([wapo.title]);
    expect(byTag(one(doc("/topics/russia"), "ol"), "li")).toHaveLength(3);
  });

  it("gives its feeds' and its digest feed's addresses to copy, and says what a feed is", () => {
    expect(links(main).map((l) => l.href)).toContain("/feeds");
    const fields = byTag(main, "input").map((i) => [i.attribs.id, i.attribs.value, i.attribs.readonly !== undefined]);
    expect(fields).toEqual([
      ["feed-topic-cluster-munitions-atom", "https://dispatch.example.com/topics/cluster-munitions/feed.atom", true],
      ["feed-topic-cluster-munitions-rss", "https://dispatch.example.com/topics/cluster-munitions/feed.rss", true],
      ["feed-topic-cluster-munitions-json", "https://dispatch.example.com/topics/cluster-munitions/feed.json", true],
      [
        "digest-topic-cluster-munitions-atom",
        "https://dispatch.example.com/topics/cluster-munitions/digest.atom",
        true,
      ],
      ["digest-topic-cluster-munitions-rss", "https://dispatch.example.com/topics/cluster-munitions/digest.rss", true],
      [
        "digest-topic-cluster-munitions-json",
        "https://dispatch.example.com/topics/cluster-munitions/digest.json",
        true,
      ],
    ]);
  });

  it("advertises its own feeds first, then its digest feed and the site feeds", () => {
    expect(alternates(d)).toEqual([
      ...topicFeedLinks("cluster-munitions", "Cluster munitions"),
      {
        type: "application/atom+xml",
        href: `${ORIGIN}/topics/cluster-munitions/digest.atom`,
        title: "Dispatch: Cluster munitions, weekly digest (Atom)",
      },
      ...siteFeedLinks,
    ]);
  });

  it("says so when a topic has no articles", () => {
    const out = renderSitePages({ site, articles: [], topics: [{ ...russia, count: 0 }] });
    const r = out.find((p) => p.path === "/topics/russia");
    expect(text(one(parseDocument(r?.body ?? ""), "main"))).toContain("No articles on Russia yet.");
  });
});

describe("not-found page", () => {
  const html = renderNotFoundPage(site, `There is no article at /articles/<nope> & "friends".`);
  const d = parseDocument(html);

  it("says what was not found, escaped", () => {
    expect(text(one(d, "h1"))).toBe("Page not found");
    expect(text(one(d, "main"))).toContain(`There is no article at /articles/<nope> & "friends".`);
    expect(html).toContain("/articles/&lt;nope&gt; &amp; &quot;friends&quot;");
  });

  it("links home, to the topics and to the digest", () => {
    expect(links(one(d, "main"))).toEqual([
      { href: "/", text: "the home page, with the latest articles" },
      { href: "/topics", text: "the list of topics" },
      { href: "/digest", text: "the latest weekly digest" },
      { href: "/digest/archive", text: "the archive of past digests" },
    ]);
  });

  it("claims no canonical URL but still offers the site feeds", () => {
    expect(canonical(d)).toEqual([]);
    expect(alternates(d)).toEqual(siteFeedLinks);
  });
});

describe("format", () => {
  it("writes dates as a reader would", () => {
    expect(humanDate("2018-07-16")).toBe("16 July 2018");
    expect(humanDate("2016-02-29")).toBe("29 February 2016");
    expect(humanDate("2015-12-01")).toBe("1 December 2015");
  });

  it("refuses what is not a calendar date", () => {
    expect(() => humanDate("2018-06-31")).toThrow(/2018-06-31/);
    expect(() => humanDate("2015-02-29")).toThrow(/2015-02-29/);
    expect(() => humanDate("16 July 2018")).toThrow(/16 July 2018/);
  });

  it("rounds reading time and never says zero", () => {
    expect(readingTime(6)).toBe("6 min read");
    expect(readingTime(0)).toBe("1 min read");
    expect(readingTime(2.6)).toBe("3 min read");
  });
});
