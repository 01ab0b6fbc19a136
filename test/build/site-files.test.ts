// Files kept beside the posts and the links to them, as a Hugo page bundle and a Jekyll site write them: relative
// links and pictures become the paths the files are served at, feeds carry them absolute, and a link to something the
// site does not serve is a warning at its line.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { formatProblem } from "../../src/content/problems.js";
import { contentProject } from "../support/build.js";
import { loadBuilt, routeText } from "../support/dist.js";

const BUNDLE = `---
title: A photo essay
date: 2019-01-02
image: cover.jpg
---
Pictures from the front, in words first.

![A chart of the strikes](chart.png) ![The first of two](fig%231.png)

The [figures behind it](data/strikes.csv), and [the first report](../2019-01-01-first-report.md).
`;

const JEKYLL_POST = `---
layout: post
title: First report
image: ../static/images/gone.png
---
The logo ![logo](/images/logo.svg) and the [brief](/assets/brief.pdf), as the old site linked them.

A [lost attachment](/assets/missing.pdf) and [a page that never was](/about/), and [one from the old site's
root](../../../doc/gopher.jpg).

[The essay](photo-essay/index.md#top), [the feed](/feed.atom?limit=5) and [the topics](/topics/).
`;

const FILES: Record<string, string | Uint8Array> = {
  "posts/photo-essay/index.md": BUNDLE,
  "posts/photo-essay/chart.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
  "posts/photo-essay/cover.jpg": new Uint8Array([0xff, 0xd8, 0xff, 4, 5, 6]),
  "posts/photo-essay/fig#1.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9]),
  // A draft's bundle: its picture waits with it.
  "posts/coming-soon/index.md": "---\ntitle: Coming soon\ndate: 2019-01-03\ndraft: true\n---\nNot yet.\n",
  "posts/coming-soon/secret.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 7]),
  // Two files that want one address: the first in path order keeps it.
  "images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><title>other</title></svg>',
  "posts/photo-essay/data/strikes.csv": "year,strikes\n2018,12\n",
  "posts/2019-01-01-first-report.md": JEKYLL_POST,
  "static/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
  "assets/brief.pdf": "%PDF-1.4\n",
  "assets/data.csv": "year,strikes\n2018,12\n",
};

/** Builds `root`: a route's text, the build's warnings as printed, and every route. */
async function builtSite(root: string) {
  const result = await build({ root, now: Date.parse("2026-11-21T12:00:00Z") });
  const dist = await loadBuilt(root);
  const text = (path: string) => routeText(dist, path);
  return { text, warnings: result.warnings.map(formatProblem), routes: Object.keys(dist.routes) };
}

describe("files beside the posts, and links to them", () => {
  it("resolves a page bundle's relative pictures and links to where they are served, in the page and the feeds", async () => {
    const { text, routes } = await builtSite(await contentProject(FILES));
    expect(routes).toEqual(
      expect.arrayContaining([
        "/articles/photo-essay/chart.png",
        "/articles/photo-essay/cover.jpg",
        "/articles/photo-essay/data/strikes.csv",
        "/images/logo.svg",
        "/assets/brief.pdf",
      ]),
    );
    const page = text("/articles/photo-essay");
    expect(page).toContain('<img src="/articles/photo-essay/chart.png" alt="A chart of the strikes"');
    // A "#" in a file's name is part of its name, encoded in the link, decoded in the route.
    expect(page).toContain('src="/articles/photo-essay/fig%231.png"');
    expect(routes).toContain("/articles/photo-essay/fig#1.png");
    // Nothing of a draft's bundle is published before it.
    expect(routes.filter((r) => r.includes("secret") || r.includes("coming-soon"))).toEqual([]);
    expect(page).toContain('<a href="/articles/photo-essay/data/strikes.csv">figures behind it</a>');
    // A link to another post's source file goes to that post's page.
    expect(page).toContain('<a href="/articles/first-report">the first report</a>');
    const feed = text("/feed.atom");
    expect(feed).toContain("src=&quot;https://dispatch.example.com/articles/photo-essay/chart.png&quot;");
    // The cover named beside the post, in the JSON Feed and the page's share card.
    const item = (JSON.parse(text("/feed.json")) as { items: { url: string; image?: string }[] }).items.find((i) =>
      i.url.endsWith("/photo-essay"),
    );
    expect(item?.image).toBe("https://dispatch.example.com/articles/photo-essay/cover.jpg");
    expect(page).toContain('content="https://dispatch.example.com/articles/photo-essay/cover.jpg"');
    const first = text("/articles/first-report");
    expect(first).toContain('<a href="/articles/photo-essay#top">The essay</a>');
    expect(first).toContain('src="/images/logo.svg"');
  });

  it("warns at its line about each link to a path the site does not serve, and about nothing it does", async () => {
    const { warnings } = await builtSite(await contentProject(FILES));
    expect(warnings).toContain(
      "content/static/images/logo.svg:1: file: not served: content/images/logo.svg is served at /images/logo.svg",
    );
    const links = warnings.filter((w) => w.includes("which this site does not serve"));
    // The cover picture front matter names is checked like a body's, at its field's line.
    expect(links).toEqual([
      "content/posts/2019-01-01-first-report.md:4: image: links to /images/gone.png, which this site does not serve: a reader gets the 404 page (add the file to content/, or fix the link)",
      "content/posts/2019-01-01-first-report.md:8: body: links to /assets/missing.pdf, which this site does not serve: a reader gets the 404 page (add the file to content/, or fix the link)",
      "content/posts/2019-01-01-first-report.md:8: body: links to /about/, which this site does not serve: a reader gets the 404 page (add the file to content/, or fix the link)",
      "content/posts/2019-01-01-first-report.md:9: body: links to /doc/gopher.jpg, which this site does not serve: a reader gets the 404 page (add the file to content/, or fix the link)",
    ]);
  });

  it("rewrites a link to another article's old address to its page, in the page and in the feeds", async () => {
    const root = await contentProject(
      {
        "release/v2-0-0.md": "---\ntitle: Version 2.0.0\ndate: 2019-05-01\naliases: [/news/v2/]\n---\nReleased.\n",
        "news/2019-06-03-weekly.md":
          "---\ntitle: Weekly\ndate: 2019-06-03\n---\nSee [the release](/blog/release/v2-0-0/), [its notes](/news/v2/#notes) and [the topics](/topics).\n",
      },
      'permalinks: ["/blog/:section/:slug/"]\n',
    );
    const { text, warnings } = await builtSite(root);
    const page = text("/articles/weekly");
    expect(page).toContain('<a href="/articles/v2-0-0">the release</a>');
    expect(page).toContain('<a href="/articles/v2-0-0#notes">its notes</a>');
    // A route of this site is left as it is.
    expect(page).toContain('<a href="/topics">the topics</a>');
    const item = (JSON.parse(text("/feed.json")) as { items: { url: string; content_html: string }[] }).items.find(
      (i) => i.url.endsWith("/weekly"),
    );
    expect(item?.content_html).toContain('href="https://dispatch.example.com/articles/v2-0-0"');
    expect(item?.content_html).not.toContain("/blog/release");
    // The old addresses still answer (301), so the build does not call them broken.
    expect(warnings.filter((w) => w.includes("does not serve"))).toEqual([]);
  });

  it("serves a file's new bytes after it is saved again, the same size or not", async () => {
    const root = await contentProject(FILES);
    const first = await builtSite(root);
    expect(first.text("/assets/data.csv")).toBe("year,strikes\n2018,12\n");
    for (const bytes of ["year,strikes\n2018,13\n", "year,strikes\n2018,12\n2019,40\n"]) {
      await writeFile(join(root, "content/assets/data.csv"), bytes);
      expect((await builtSite(root)).text("/assets/data.csv")).toBe(bytes);
    }
  });
});
