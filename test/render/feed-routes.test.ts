// Every feed and OPML route in the real KV bundle (dist/, written by `npm run build`): valid, with the entries the index says.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderDigestFeed } from "../../src/render/digest/feeds.js";
import { OPML_TYPE } from "../../src/render/opml.js";
import { archivePath } from "../../src/render/site-feeds.js";
import { blobKey, indexKey } from "../../src/shared/keys.js";
import { FEED_FORMATS, FEED_MEDIA_TYPES, type FeedFormat, paths } from "../../src/shared/paths.js";
import type { SiteIndex } from "../../src/shared/site-index.js";
import { checkAtom, checkJsonFeed, checkRss, checkXml } from "./conformance.js";

const dist = join(dirname(fileURLToPath(import.meta.url)), "../../dist");
if (!existsSync(join(dist, "kv.json"))) throw new Error(`${dist}/kv.json is missing: run \`npm run build\` first`);

const version = readFileSync(join(dist, "version.txt"), "utf8").trim();
const kv = new Map(
  (JSON.parse(readFileSync(join(dist, "kv.json"), "utf8")) as { key: string; value: string }[]).map((e) => [
    e.key,
    e.value,
  ]),
);
const index = JSON.parse(kv.get(indexKey(version)) ?? "null") as SiteIndex;
const { site } = index;
const body = (path: string) => {
  const value = kv.get(blobKey(index.routes[path]?.blob ?? ""));
  if (value === undefined) throw new Error(`no KV value for route ${path}`);
  return value;
};

const feedTypes = new Set<string>(Object.values(FEED_MEDIA_TYPES));
const feedRoutes = Object.entries(index.routes).filter(([, r]) => feedTypes.has(r.contentType));

/** Entry ids of a feed document, in order, whatever its format. */
function entryIds(format: FeedFormat, text: string): (string | undefined)[] {
  if (format === "atom") return (parseAtomFeed(text).entries ?? []).map((e) => e.id);
  if (format === "rss") return (parseRssFeed(text).items ?? []).map((i) => i.guid?.value);
  return (parseJsonFeed(text).items ?? []).map((i) => i.id);
}

/** The article ids a route should hold, from the index: newest feedSize, or a full archive page counted from the oldest. */
function expectedIds(path: string): string[] {
  const m = /^(?:\/topics\/([a-z0-9-]+))?\/feed(?:\/archive\/(\d+))?\.(atom|rss|json)$/.exec(path);
  if (!m) throw new Error(`${path} is not a site or topic feed path`);
  const [, topic, page] = m;
  const articles = topic ? index.articles.filter((a) => a.topics.some((t) => t.slug === topic)) : index.articles;
  if (page === undefined) return articles.slice(0, site.feedSize).map((a) => a.id);
  const n = Number(page);
  return articles
    .slice()
    .reverse()
    .slice((n - 1) * site.feedSize, n * site.feedSize)
    .reverse()
    .map((a) => a.id);
}

describe(`the feed routes of content version ${version}`, () => {
  it("hold the site feed and every topic's feed in all three formats, with their full archive pages", () => {
    const scopes = [
      { kind: "site" as const, count: index.articles.length },
      ...index.topics.map((topic) => ({ kind: "topic" as const, topic, count: topic.count })),
    ];
    const want = scopes.flatMap((scope) =>
      FEED_FORMATS.flatMap((f) => [
        scope.kind === "site" ? paths.feed(f) : paths.topicFeed(scope.topic.slug, f),
        ...Array.from({ length: Math.floor(scope.count / site.feedSize) }, (_, i) => archivePath(scope, i + 1, f)),
      ]),
    );
    expect(feedRoutes.map(([p]) => p).sort()).toEqual(want.sort());
    expect(index.routes[paths.opml()]?.contentType).toBe(OPML_TYPE);
  });

  it.each(feedRoutes.map(([path, route]) => [path, route.contentType]))("%s is valid %s", async (path) => {
    const text = body(path);
    const format = path.slice(path.lastIndexOf(".") + 1) as FeedFormat;
    const problems =
      format === "atom" ? await checkAtom(text) : format === "rss" ? await checkRss(text) : checkJsonFeed(text);
    expect(problems).toEqual([]);
    const ids = expectedIds(path);
    expect(ids.length).toBeGreaterThan(0);
    expect(entryIds(format, text)).toEqual(ids);
  });

  it.each(feedRoutes.map(([path]) => [path]))(
    "%s: an independent parser reads each entry's title, dates and links as published",
    (path) => {
      const format = path.slice(path.lastIndexOf(".") + 1) as FeedFormat;
      const text = body(path);
      const byId = new Map(index.articles.map((a) => [a.id, a]));
      const page = (slug: string) => `${site.origin}${paths.article(slug)}`;
      type Seen = { id?: string; title?: string; published?: string; updated?: string; link?: string; via?: string };
      let seen: Seen[];
      if (format === "atom") {
        seen = (parseAtomFeed(text).entries ?? []).map((e) => ({
          id: e.id,
          title: e.title?.value,
          published: e.published,
          updated: e.updated,
          link: e.links?.find((l) => l.rel === "alternate")?.href,
          via: e.links?.find((l) => l.rel === "via")?.href,
        }));
      } else if (format === "rss") {
        seen = (parseRssFeed(text).items ?? []).map((i) => ({
          id: i.guid?.value,
          title: i.title,
          published: i.pubDate,
          link: i.link,
        }));
      } else {
        seen = (parseJsonFeed(text).items ?? []).map((i) => ({
          id: i.id,
          title: i.title,
          published: i.date_published,
          updated: i.date_modified,
          link: i.url,
          via: i.external_url,
        }));
      }
      expect(seen.length).toBeGreaterThan(0);
      for (const e of seen) {
        const a = byId.get(e.id ?? "");
        expect(a, e.id).toBeDefined();
        if (!a) continue;
        expect(e.title).toBe(a.title);
        expect(e.link).toBe(page(a.slug));
        expect(Date.parse(e.published ?? ""), `${a.slug} published`).toBe(Date.parse(a.published));
        if (format !== "rss") {
          expect(e.updated).toBe(a.updated);
          expect(e.via).toBe(a.url);
        }
      }
    },
  );

  it("name the site's icon: Atom icon, JSON Feed icon and favicon", () => {
    const icon = `${site.origin}${paths.icon()}`;
    expect(body("/feed.atom")).toContain(`<icon>${icon}</icon>`);
    const json = JSON.parse(body("/feed.json")) as { icon?: string; favicon?: string };
    expect(json.icon).toBe(icon);
    expect(json.favicon).toBe(icon);
    expect(index.routes[paths.icon()]?.contentType).toBe("image/svg+xml");
  });

  it("lists every site and topic feed in /topics.opml", async () => {
    const text = body(paths.opml());
    expect(await checkXml(text, "topics.opml")).toEqual([]);
    const urls: string[] = [];
    const collect = (list: { xmlUrl?: string; outlines?: unknown[] }[] | undefined) => {
      for (const o of list ?? []) {
        if (o.xmlUrl) urls.push(o.xmlUrl);
        collect(o.outlines as { xmlUrl?: string; outlines?: unknown[] }[] | undefined);
      }
    };
    collect(parseOpml(text).body?.outlines);
    expect(urls).toContain(`${site.origin}${paths.feed("atom")}`);
    for (const t of index.topics) expect(urls).toContain(`${site.origin}${paths.topicFeed(t.slug, "atom")}`);
  });
});

// The digest feeds are rendered by the Worker (they depend on which weeks have ended), from the same index.
describe("every digest feed on the seeds", () => {
  const now = Date.parse("2026-11-21T12:00:00Z");
  const scopes = [undefined, ...index.topics.map((t) => t.slug)];
  const cases = scopes.flatMap((topic) => FEED_FORMATS.map((format) => [topic ?? "(site)", format] as const));

  it.each(cases)("%s digest in %s is valid, one entry per finished week", async (scope, format) => {
    const topic = scope === "(site)" ? undefined : scope;
    const text = renderDigestFeed({ index, now, format, ...(topic ? { topic } : {}) });
    const problems =
      format === "atom" ? await checkAtom(text) : format === "rss" ? await checkRss(text) : checkJsonFeed(text);
    expect(problems).toEqual([]);
    const weeks = index.weeks
      .filter(
        (w) =>
          !topic || w.slugs.some((s) => index.articles.find((a) => a.slug === s)?.topics.some((t) => t.slug === topic)),
      )
      .map((w) => `tag:${site.idAuthority}:${topic ? `topic/${topic}/` : ""}digest/${w.week}`);
    expect(weeks.length).toBeGreaterThan(0);
    expect(entryIds(format, text)).toEqual(weeks);
  });
});
