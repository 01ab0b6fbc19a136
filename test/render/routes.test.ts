// Every URL the build of content/ serves goes through the one module that makes and reads URLs, both ways.
import { describe, expect, it } from "vitest";
import { documentKindOf, mediaTypeOf, parsePath, pathOf } from "../../src/shared/routes.js";
import { loadBuilt } from "../support/dist.js";

const built = await loadBuilt();
const paths = Object.keys(built.routes);

describe("routes", () => {
  it("round-trips every route the seeds produce: parsePath, then pathOf, gives the same path", () => {
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      const route = parsePath(path);
      expect(route, path).not.toBeNull();
      expect(pathOf(route as NonNullable<typeof route>), path).toBe(path);
    }
  });

  it("gives every route the media type and kind of document its suffix names: feeds, OPML, text, XML, SVG, else HTML", () => {
    // What a feed reader, a browser and a crawler expect at each suffix (RFC 4287 §7, RSS 2.0, JSON Feed 1.1, OPML 2.0).
    const bySuffix: Record<string, [type: string, kind: string]> = {
      ".atom": ["application/atom+xml; charset=utf-8", "feed"],
      ".rss": ["application/rss+xml; charset=utf-8", "feed"],
      ".json": ["application/feed+json; charset=utf-8", "feed"],
      ".opml": ["text/x-opml; charset=utf-8", "feed"],
      ".txt": ["text/plain; charset=utf-8", "data"],
      ".xml": ["application/xml; charset=utf-8", "data"],
      ".svg": ["image/svg+xml", "data"],
      "": ["text/html; charset=utf-8", "page"],
    };
    const seen = new Set<string>();
    for (const path of paths) {
      const route = parsePath(path);
      const suffix = /\.[a-z]+$/.exec(path)?.[0] ?? "";
      seen.add(suffix);
      expect(route ? [mediaTypeOf(route), documentKindOf(route)] : null, path).toEqual(bySuffix[suffix]);
    }
    expect([...seen].sort()).toEqual(Object.keys(bySuffix).sort());
  });

  it("serves the home page, the digest, the topic, feed and author lists and every seed article's page", () => {
    const pages = paths.filter((p) => !/\.[a-z]+$/.test(p) && !/^\/(topics|authors|digest)\//.test(p));
    expect(pages.sort()).toEqual(
      [
        "/",
        "/authors",
        "/digest",
        "/feeds",
        "/topics",
        "/articles/american-russian-relations-in-syria",
        "/articles/missiles-fired-from-russian-warships",
        "/articles/russia-cluster-bombed-us-backed-fighters",
        "/articles/russian-and-us-forces-clash-in-syria",
        "/articles/us-russia-bomb-same-country",
      ].sort(),
    );
  });

  it("reads no path that is not a route: dot segments, doubled slashes, case, suffixes", () => {
    for (const path of [
      "/topics/..",
      "/topics/.",
      "/topics/../feed.atom",
      "/articles//x",
      "/Feed.atom",
      "/feed.atom.bak",
      "/feed/archive/2018-W29/0.atom",
      "/feed/archive/2018-W29/01.atom",
      "/sitemaps/18.xml",
      "/digest/2018-W29/../2018-W07",
    ])
      expect(parsePath(path), path).toBeNull();
  });
});
