// Every feed and OPML route in the real build of content/ (dist/ and the value store, written by `npm run build`):
// valid, with the entries the articles say.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { readArticle } from "../../src/content/article.js";
import type { ArticleSummary } from "../../src/shared/article.js";
import { FEED_FORMATS, type FeedFormat, mediaTypeOf, paths, SITE, topicScope } from "../../src/shared/routes.js";
import { PROJECT_SITE } from "../support/articles.js";
import { loadBuilt, routesOf } from "../support/dist.js";
import { checkAtom, checkJsonFeed, checkRss, checkXml } from "./conformance.js";

const project = resolve(import.meta.dirname, "../..");
const site = PROJECT_SITE;
const built = await loadBuilt();
const version = built.head.version;
const body = (path: string) => built.text(path);

// The seeds as the build reads them, newest first.
const articles: ArticleSummary[] = readdirSync(join(project, "content"))
  .map((name) => readArticle(site, `content/${name}`, readFileSync(join(project, "content", name))).article)
  .filter((a) => a !== undefined)
  .map(({ html: _html, ...summary }) => summary)
  .sort((x, y) => Date.parse(y.published) - Date.parse(x.published));
const topicSlugs = [...new Set(articles.flatMap((a) => a.topics.map((t) => t.slug)))];

const feedRoutes = routesOf(built)
  .filter(({ route }) => route.kind === "feed" || route.kind === "archive")
  .map(({ path, route }) => [path, mediaTypeOf(route)] as const);

/** Entry ids of a feed document, in order, whatever its format. */
function entryIds(format: FeedFormat, text: string): (string | undefined)[] {
  if (format === "atom") return (parseAtomFeed(text).entries ?? []).map((e) => e.id);
  if (format === "rss") return (parseRssFeed(text).items ?? []).map((i) => i.guid?.value);
  return (parseJsonFeed(text).items ?? []).map((i) => i.id);
}

/** The article ids a subscription document should hold: its scope's newest feedSize. */
function expectedIds(path: string): string[] {
  const m = /^(?:\/topics\/([a-z0-9-]+))?\/feed\.(atom|rss|json)$/.exec(path);
  if (!m) throw new Error(`${path} is not a site or topic subscription document`);
  const topic = m[1];
  const list = topic ? articles.filter((a) => a.topics.some((t) => t.slug === topic)) : articles;
  return list.slice(0, site.feedSize).map((a) => a.id);
}

describe(`the feed routes of content version ${version}`, () => {
  it("hold the site feed and every topic's feed in all three formats; five articles need no archive documents", () => {
    const want = [SITE, ...topicSlugs.map(topicScope)].flatMap((scope) =>
      FEED_FORMATS.map((f) => paths.feed(scope, f)),
    );
    expect(feedRoutes.map(([p]) => p).sort()).toEqual(want.sort());
    // Each holds every entry of its feed, and says so (RFC 5005 §2); JSON Feed has no word for it, and no next_url.
    for (const [path] of feedRoutes)
      if (path.endsWith(".json")) expect(JSON.parse(body(path)), path).not.toHaveProperty("next_url");
      else expect(body(path), path).toContain("<fh:complete/>");
  });

  it.each(feedRoutes.map(([path, type]) => [path, type]))("%s is valid %s", async (path) => {
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
      const byId = new Map(articles.map((a) => [a.id, a]));
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
    expect(built.routes[paths.icon()]).toBeDefined();
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
    expect(urls).toContain(`${site.origin}${paths.feed(SITE, "atom")}`);
    for (const t of topicSlugs) expect(urls).toContain(`${site.origin}${paths.feed(topicScope(t), "atom")}`);
  });
});

// The digest feeds, one entry per finished week (every seed week ended long before the build).
describe("every digest feed on the seeds", () => {
  const cases = [undefined, ...topicSlugs].flatMap((topic) =>
    FEED_FORMATS.map((format) => [topic ?? "(site)", format] as const),
  );

  it.each(cases)("%s digest in %s is valid, one entry per finished week", async (scope, format) => {
    const topic = scope === "(site)" ? undefined : scope;
    const text = body(paths.digestFeed(topic ? topicScope(topic) : SITE, format));
    const problems =
      format === "atom" ? await checkAtom(text) : format === "rss" ? await checkRss(text) : checkJsonFeed(text);
    expect(problems).toEqual([]);
    const weeks = [
      ...new Set(articles.filter((a) => !topic || a.topics.some((t) => t.slug === topic)).map((a) => a.week)),
    ]
      .sort()
      .reverse()
      .map((w) => `tag:${site.idAuthority}:${topic ? `topic/${topic}/` : ""}digest/${w}`);
    expect(weeks.length).toBeGreaterThan(0);
    expect(entryIds(format, text)).toEqual(weeks);
  });
});
