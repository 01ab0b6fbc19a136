// The digest feeds as a feed reader gets them: one entry per finished week, stable ids, the digest as content.
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { digestEntry, digestFeedDocument } from "../../src/render/digest/digest-feed.js";
import { finishedWeeks, planDigest } from "../../src/render/digest/week-plan.js";
import { renderFeed } from "../../src/render/feed-adapter.js";
import type { ArticleSummary } from "../../src/shared/article.js";
import type { FeedFormat } from "../../src/shared/routes.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { buildSite } from "../support/build.js";
import { at, BUSY_WEEK, SEEDS, SITE, summariesOf } from "./digest-fixtures.js";

const index = { site: SITE, articles: summariesOf([...SEEDS, ...BUSY_WEEK]) };

/** A digest feed as the build makes it: the plan's newest finished weeks, as entries, in a document. */
function digestFeed(o: {
  index: { site: SiteConfig; articles: ArticleSummary[] };
  now: number;
  format: FeedFormat;
  topic?: string;
}) {
  const topic = o.topic ? o.index.articles.flatMap((a) => a.topics).find((t) => t.slug === o.topic) : undefined;
  const plan = planDigest(o.index.site, o.index.articles, o.now, topic);
  const entries = finishedWeeks(plan.weeks)
    .slice(0, o.index.site.feedSize)
    .map((w) => digestEntry(plan, w));
  return digestFeedDocument(o.index.site, topic, o.format, entries);
}
const renderDigestFeed = (o: Parameters<typeof digestFeed>[0]) => renderFeed(o.format, digestFeed(o));
const LATER = Date.parse("2026-11-21T12:00:00Z");
const DURING_W29 = Date.parse("2018-07-20T12:00:00-04:00");
const TAG = "tag:dispatch.example.com,2026-11-21:";

describe("the digest feed document", () => {
  it("has one entry per finished week, newest first, the week in progress left out", () => {
    const during = digestFeed({ index, now: DURING_W29, format: "atom" });
    expect(during.entries.map((e) => e.id)).toEqual([
      `${TAG}digest/2018-W07`,
      `${TAG}digest/2016-W24`,
      `${TAG}digest/2015-W41`,
      `${TAG}digest/2015-W40`,
    ]);
    const after = digestFeed({ index, now: LATER, format: "atom" });
    expect(after.entries.map((e) => e.id)[0]).toBe(`${TAG}digest/2018-W29`);
    expect(after.entries).toHaveLength(5);
  });

  it("keeps an entry's id when the week's articles change", () => {
    const fewer = { site: SITE, articles: summariesOf([...SEEDS, at(BUSY_WEEK, 0)]) };
    const a = at(digestFeed({ index, now: LATER, format: "atom" }).entries, 0);
    const b = at(digestFeed({ index: fewer, now: LATER, format: "atom" }).entries, 0);
    expect(a.id).toBe(b.id);
    expect(a.contentHtml).not.toBe(b.contentHtml);
  });

  it("dates an entry at the week's end, updated later when an article was", () => {
    const doc = digestFeed({ index, now: LATER, format: "atom" });
    const [w29, w07] = doc.entries;
    expect(w29?.published).toBe("2018-07-23T00:00:00-04:00");
    expect(w29?.updated).toBe("2018-07-25T08:00:00-04:00"); // the AP story was corrected on 25 July
    expect(w07?.published).toBe("2018-02-19T00:00:00-05:00");
    expect(w07?.updated).toBe("2018-02-19T00:00:00-05:00");
    expect(doc.updated).toBe("2018-07-25T08:00:00-04:00");
  });

  it("links each entry to the week's permalink and gives the feed its places", () => {
    const doc = digestFeed({ index, now: LATER, format: "rss" });
    expect(doc.id).toBe(`${TAG}digest`);
    expect(doc.self).toBe("https://dispatch.example.com/digest/feed.rss");
    expect(doc.alternate).toBe("https://dispatch.example.com/digest/archive");
    expect(doc.alternates).toEqual([
      { href: "https://dispatch.example.com/digest/feed.atom", type: "application/atom+xml" },
      { href: "https://dispatch.example.com/digest/feed.json", type: "application/feed+json" },
    ]);
    expect(doc.hub).toBeUndefined();
    const entry = at(doc.entries, 0);
    expect(entry.link).toBe("https://dispatch.example.com/digest/2018-W29");
    expect(entry.title).toBe("The week of 16–22 July 2018");
    expect(entry.summary).toBe(
      "5 articles from 16–22 July 2018 (2018-W29). Lead story: At Helsinki, Syria Is the One Place Trump and Putin Agree On",
    );
    expect(entry.authors).toEqual([{ name: "Dispatch desk", uri: "https://dispatch.example.com/" }]);
    expect(entry.categories.map((c) => c.term)).toEqual([
      "airstrikes",
      "cruise-missiles",
      "deconfliction",
      "islamic-state",
      "russia",
      "syria",
      "united-states",
      "wagner-group",
    ]);
  });

  it("carries the whole digest as content, with absolute links only", () => {
    const content = at(digestFeed({ index, now: LATER, format: "json" }).entries, 0).contentHtml ?? "";
    for (const a of BUSY_WEEK) expect(content).toContain(`>${a.title}</a>`);
    for (const [, href] of content.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
    expect(content).toContain('href="https://dispatch.example.com/articles/hotline-calls-daily"');
    expect(content).not.toMatch(/\sid=|<script|<style/);
    expect(content.indexOf("Lead story")).toBeLessThan(content.indexOf("Airstrikes"));
  });

  it("as the build renders it, holds the site's feedSize newest finished weeks in each format", async () => {
    // The limit a reader asks for (?limit=N) is the Worker's: test/worker/http.test.ts.
    const built = await buildSite([...SEEDS, ...BUSY_WEEK], { feedSize: 3 }, LATER);
    const weeks = ["2018-W29", "2018-W07", "2016-W24"].map((w) => `${TAG}digest/${w}`);
    expect(parseAtomFeed(built.text("/digest/feed.atom")).entries?.map((e) => e.id)).toEqual(weeks);
    expect(parseRssFeed(built.text("/digest/feed.rss")).items?.map((i) => i.guid?.value)).toEqual(weeks);
    expect(parseJsonFeed(built.text("/digest/feed.json")).items?.map((i) => i.id)).toEqual(weeks);
  });

  it("is empty until a week has ended, updated at the start of the idAuthority's date, as every empty feed is", () => {
    const doc = digestFeed({
      index: { site: SITE, articles: summariesOf([at(SEEDS, 4)]) },
      now: DURING_W29,
      format: "atom",
    });
    expect(doc.entries).toEqual([]);
    // site.yaml's idAuthority is dispatch.example.com,2026-11-21; the site's time zone is New York's.
    expect(doc.updated).toBe("2026-11-21T00:00:00-05:00");
  });
});

describe("a topic's digest feed", () => {
  it("holds only the weeks and articles of that topic", () => {
    const doc = digestFeed({ index, now: LATER, format: "atom", topic: "deconfliction" });
    expect(doc.id).toBe(`${TAG}topic/deconfliction/digest`);
    expect(doc.self).toBe("https://dispatch.example.com/topics/deconfliction/digest.atom");
    expect(doc.alternate).toBe("https://dispatch.example.com/topics/deconfliction");
    expect(doc.title).toBe("Dispatch: Deconfliction, weekly digest");
    expect(doc.entries.map((e) => e.id)).toEqual([
      `${TAG}topic/deconfliction/digest/2018-W29`,
      `${TAG}topic/deconfliction/digest/2015-W41`,
      `${TAG}topic/deconfliction/digest/2015-W40`,
    ]);
    const w29 = at(doc.entries, 0);
    expect(w29.title).toBe("Deconfliction: the week of 16–22 July 2018");
    expect(w29.contentHtml).toContain("The Hotline That Keeps Russian and American Jets Apart");
    expect(w29.contentHtml).toContain("American-Russian Relations in Syria?");
    expect(w29.contentHtml).not.toContain("At Helsinki");
  });
});

describe("the digest feed's bytes", () => {
  it("renders Atom with the week entries", () => {
    const atom = renderDigestFeed({ index, now: LATER, format: "atom" });
    expect(atom).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(atom).toContain(`<id>${TAG}digest/2018-W29</id>`);
    expect(atom).toContain(
      '<link rel="self" type="application/atom+xml" href="https://dispatch.example.com/digest/feed.atom"/>',
    );
    expect(atom).toContain("<published>2018-07-23T00:00:00-04:00</published>");
    expect(atom).toContain("&lt;h2&gt;Lead story&lt;/h2&gt;");
  });

  it("renders RSS and JSON Feed twins with the same ids", () => {
    const rss = renderDigestFeed({ index, now: LATER, format: "rss" });
    expect(rss).toContain(`<guid isPermaLink="false">${TAG}digest/2018-W29</guid>`);
    expect(rss).toContain("<link>https://dispatch.example.com/digest/2018-W29</link>");
    const json = JSON.parse(renderDigestFeed({ index, now: LATER, format: "json" })) as {
      version: string;
      items: { id: string; url: string; date_published: string }[];
    };
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    expect(json.items.map((i) => i.id)).toEqual(
      ["2018-W29", "2018-W07", "2016-W24", "2015-W41", "2015-W40"].map((w) => `${TAG}digest/${w}`),
    );
    expect(json.items[0]?.date_published).toBe("2018-07-23T00:00:00-04:00");
  });
});
