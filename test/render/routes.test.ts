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

  it("gives each route a media type and a kind of document", () => {
    for (const path of paths) {
      const route = parsePath(path);
      if (!route) continue;
      expect(mediaTypeOf(route), path).toMatch(/^[a-z]+\/[a-z+.-]+(; charset=utf-8)?$/);
      expect(["page", "feed", "data"], path).toContain(documentKindOf(route));
    }
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
