// Front matter as Jekyll, Hugo, Eleventy and Astro write it, built as it is: their fields mapped onto Dispatch's, their
// date forms read, their template-only fields set aside with one warning, and every refusal naming what to fix.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { formatProblem } from "../../src/content/problems.js";
import { buildProblems, contentProject } from "../support/build.js";
import { loadBuilt, routeText } from "../support/dist.js";

interface JsonItem {
  id: string;
  title: string;
  summary: string;
  date_published: string;
  date_modified: string;
  authors: { name: string }[];
  tags: string[];
  image?: string;
  url: string;
}

/** Builds `root` and returns its site JSON Feed's items by slug, and the build's warnings. */
async function built(root: string) {
  const result = await build({ root, now: Date.parse("2026-11-21T12:00:00Z"), drafts: false });
  const feed = JSON.parse(routeText(await loadBuilt(root), "/feed.json")) as { items: JsonItem[] };
  const bySlug = new Map(feed.items.map((i) => [i.url.split("/").pop() as string, i]));
  return { items: bySlug, warnings: result.warnings.map(formatProblem) };
}

const JEKYLL_POST = `---
layout: post
title: "Hello, world"
date: 2013-02-06 13:35:34 +0000
categories: [release, news]
tags: jekyll ruby
author:
  name: A. Writer
comments: true
description: "What this blog is about, in one line."
image: /assets/hello.png
last_modified_at: 2013-02-07T10:00:00Z
---
The first paragraph of the post, with some words in it.
`;

describe("front matter from other generators", () => {
  it("builds a Jekyll post as it is: date with a space and +0000, categories and tags, author, description", async () => {
    const root = await contentProject({
      "2013-02-06-hello-world.md": JEKYLL_POST,
      // Jekyll's date in the file name only, and a draft that Jekyll would not publish.
      "2014-03-01-dated-by-name.md": "---\nlayout: post\ntitle: Dated by its name\n---\nBody text of it.\n",
      "2014-03-02-unpublished.md": "---\nlayout: post\ntitle: Not yet\npublished: false\n---\nBody.\n",
    });
    const { items, warnings } = await built(root);
    const hello = items.get("hello-world");
    expect(hello).toMatchObject({
      title: "Hello, world",
      summary: "What this blog is about, in one line.",
      // 13:35:34 UTC, in the site's time zone (New York, UTC-5 in February).
      date_published: "2013-02-06T08:35:34-05:00",
      date_modified: "2013-02-07T05:00:00-05:00",
      authors: [{ name: "A. Writer" }],
      image: "https://dispatch.example.com/assets/hello.png",
    });
    expect(hello?.tags.sort()).toEqual(["Jekyll", "News", "Release", "Ruby"]);
    expect(items.get("dated-by-name")?.date_published).toBe("2014-03-01T00:00:00-05:00");
    expect(items.has("unpublished")).toBe(false);
    // One warning for the build, however many files carry the fields.
    expect(warnings.filter((w) => w.includes("set aside"))).toEqual([
      "content/:1: front matter: set aside, as only another generator's templates use them: layout (3 files), comments (1 file)",
    ]);
  });

  it("builds Astro's and Hugo's names: pubDate, updatedDate, heroImage, lastmod, authors as a list, keywords", async () => {
    const root = await contentProject({
      "astro.md": `---\ntitle: An Astro post\npubDate: "2020-05-01"\nupdatedDate: "2020-05-03 10:00"\nheroImage: /images/hero.png\ndescription: Astro's description.\n---\nText of the post.\n`,
      "hugo.md": `---\ntitle: A Hugo post\ndate: 2021-01-02T03:04:05+01:00\nlastmod: 2021-01-03T00:00:00Z\nauthors: [Ann Lee, Bo Chan, Cy Dee]\nkeywords: [go]\nweight: 3\ndraft: false\n---\nText of the Hugo post.\n`,
    });
    const { items } = await built(root);
    expect(items.get("astro")).toMatchObject({
      date_published: "2020-05-01T00:00:00-04:00",
      date_modified: "2020-05-03T10:00:00-04:00",
      image: "https://dispatch.example.com/images/hero.png",
      summary: "Astro's description.",
    });
    expect(items.get("hugo")).toMatchObject({
      date_published: "2021-01-01T21:04:05-05:00",
      authors: [{ name: "Ann Lee" }, { name: "Bo Chan" }, { name: "Cy Dee" }],
      tags: ["Go"],
    });
  });

  it("reads dates written with the month's name, as Astro's template and hand-written posts have them", async () => {
    const root = await contentProject({
      "a.md": "---\ntitle: A\npubDate: 'Jul 08 2022'\n---\nText.\n",
      "b.md": "---\ntitle: B\ndate: July 9, 2022\n---\nText.\n",
      "c.md": "---\ntitle: C\ndate: 'Sun, 10 Jul 2022 9:30:15'\n---\nText.\n",
    });
    const { items } = await built(root);
    expect(["a", "b", "c"].map((slug) => items.get(slug)?.date_published)).toEqual([
      "2022-07-08T00:00:00-04:00",
      "2022-07-09T00:00:00-04:00",
      "2022-07-10T09:30:15-04:00",
    ]);
  });

  it("cuts a description longer than a summary at a word, instead of refusing it", async () => {
    const long = `${"A sentence of a long description. ".repeat(12).trim()}`;
    const { items } = await built(
      await contentProject({ "a.md": `---\ntitle: A\ndate: 2018-07-16\ndescription: ${long}\n---\nText.\n` }),
    );
    const summary = items.get("a")?.summary ?? "";
    expect(summary.length).toBeLessThan(300);
    expect(summary.endsWith("…")).toBe(true);
    expect(long.startsWith(summary.slice(0, -1))).toBe(true);
  });

  it("sets aside the fields site.yaml's ignoreFields lists, in the same warning", async () => {
    const root = await contentProject(
      { "a.md": "---\ntitle: A\ndate: 2018-07-16\nshowToc: true\n---\nText.\n" },
      "ignoreFields: [showToc]\n",
    );
    const { warnings } = await built(root);
    expect(warnings).toContain(
      "content/:1: front matter: set aside, as only another generator's templates use them: showToc (1 file)",
    );
  });

  it("names the closest known field for a typo, the refused date's value, and the key the file writes", async () => {
    const root = await contentProject({
      "a.md": "---\ntitle: A\ndate: 2018-07-16\nautor: Someone\n---\nText.\n",
      "b.md": "---\ntitle: B\ndate: 2013-02-30 10:00\n---\nText.\n",
      "c.md": "---\ntitle: C\ndate: 2018-07-16\nlastmod: 2018-07-01\n---\nText.\n",
      "d.md": "---\ntitle: D\npubDate: next tuesday\n---\nText.\n",
      "e.md": '---\ntitle: E\ndate: 2018-07-16\ncover: "javascript:alert(1)"\n---\nText.\n',
    });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:4: autor: unknown field; did you mean author?",
      'content/b.md:3: date: must be a date (2018-07-16, or Jul 16 2018) or a date and time (2018-07-16T09:30:00-04:00, or 2018-07-16 09:30:00 +0000), not "2013-02-30 10:00"',
      "content/c.md:4: updated: is before date",
      'content/d.md:3: pubDate: must be a date (2018-07-16, or Jul 16 2018) or a date and time (2018-07-16T09:30:00-04:00, or 2018-07-16 09:30:00 +0000), not "next tuesday"',
      "content/e.md:4: cover: must be an absolute http(s) URL, a path starting with /, or the name of a file beside the post",
    ]);
  });

  it("makes one author of a name written with a handle, a profile address or an email, and of site.yaml's aliases", async () => {
    const root = await contentProject(
      {
        "a.md": "---\ntitle: A\ndate: 2018-07-16\nauthor: A. Name (@handle)\n---\nText.\n",
        "b.md": "---\ntitle: B\ndate: 2018-07-17\nauthor: A. Name (github.com/handle)\n---\nText.\n",
        "c.md": "---\ntitle: C\ndate: 2018-07-18\nauthor: A. Name <a@example.com>\n---\nText.\n",
        "d.md": "---\ntitle: D\ndate: 2018-07-19\nauthors: ['@handle', B. Other]\n---\nText.\n",
      },
      "authors:\n  a-name:\n    name: A. Name\n    url: https://a.example/\n    aliases: [handle]\n",
    );
    const { items } = await built(root);
    // One person, with the address site.yaml gives them.
    const a = { name: "A. Name", url: "https://a.example/" };
    expect(["a", "b", "c"].map((slug) => items.get(slug)?.authors)).toEqual([[a], [a], [a]]);
    expect(items.get("d")?.authors).toEqual([a, { name: "B. Other" }]);
    const page = routeText(await loadBuilt(root), "/authors/a-name");
    expect(page).toContain('<a href="https://a.example/" rel="me">a.example</a>');
    const pages = Object.keys((await loadBuilt(root)).routes).filter((p) => /^\/authors\/[^/]+$/.test(p));
    expect(pages.sort()).toEqual(["/authors/a-name", "/authors/b-other"]);
  });

  it("reads Hugo's TOML (+++) and JSON front matter, with their dates", async () => {
    const root = await contentProject({
      "toml.md":
        '+++\ntitle = "A TOML post"\ndate = 2021-01-02T03:04:05+01:00\ntags = ["go"]\nweight = 3\n+++\nBody of it.\n',
      "toml-day.md": '+++\ntitle = "A TOML day"\ndate = 2021-02-03\nlastmod = 2021-02-04T10:00:00\n+++\nBody of it.\n',
      "json.md": '{\n  "title": "A JSON post",\n  "date": "2020-01-01",\n  "categories": ["x"]\n}\nBody of it.\n',
    });
    const { items } = await built(root);
    expect(items.get("toml")).toMatchObject({ date_published: "2021-01-01T21:04:05-05:00", tags: ["Go"] });
    expect(items.get("toml-day")).toMatchObject({
      date_published: "2021-02-03T00:00:00-05:00",
      date_modified: "2021-02-04T10:00:00-05:00",
    });
    expect(items.get("json")).toMatchObject({ date_published: "2020-01-01T00:00:00-05:00", tags: ["X"] });
  });

  it("reports TOML and JSON problems at their lines, and a file with no front matter names the three fences", async () => {
    const root = await contentProject({
      "a.md": '+++\ntitle = "A"\ndate = "2018-07-16"\nautor = "x"\n+++\nText.\n',
      "b.md": '+++\ntitle = "B\ndate = 2018-07-16\n+++\nText.\n',
      "c.md": '{\n  "title": "C",\n  "date": "July 16"\n}\nText.\n',
      "d.md": "Just text, no front matter.\n",
      "e.md": "+++\ntitle = 'E'\nText.\n",
      // An HTML file with front matter is a post in a format Dispatch does not read.
      "f.html": "---\ntitle: F\ndate: 2018-07-16\n---\n<p>Text.</p>\n",
    });
    const problems = await buildProblems(root);
    expect(problems.filter((p) => !p.startsWith("content/b.md"))).toEqual([
      "content/a.md:4: autor: unknown field; did you mean author?",
      'content/c.md:3: date: must be a date (2018-07-16, or Jul 16 2018) or a date and time (2018-07-16T09:30:00-04:00, or 2018-07-16 09:30:00 +0000), not "July 16"',
      "content/d.md:1: front matter: missing: the file must start with a line '---' (YAML), '+++' (TOML) or '{' (JSON)",
      "content/e.md:1: front matter: not closed: no second '+++' line",
      "content/f.html:1: file: unsupported file type '.html': use .md (or .markdown, .mdx) or .txt",
    ]);
    // The TOML parser's own words, at the line of the unclosed string.
    expect(problems.filter((p) => p.startsWith("content/b.md"))).toEqual([
      expect.stringMatching(/^content\/b\.md:2: toml: \S/),
    ]);
  });

  it("takes content trees as they are: nested folders, page bundles, listing pages and files beside posts", async () => {
    const root = await contentProject({});
    const files: Record<string, string> = {
      "posts/2019/a-nested-post.md": "---\ntitle: Nested\ndate: 2019-01-01\n---\nText of it.\n",
      "posts/my-bundle/index.md": "---\ntitle: A bundle\ndate: 2019-01-02\n---\nText of it.\n",
      "posts/my-bundle/photo.jpg": "not really a JPEG",
      "posts/my-bundle/main.go": "package main\n",
      "posts/fragment.html": "<table><tr><td>included by a post</td></tr></table>\n",
      "posts/old-address.md": "---\nredirect: /blog/new-address\n---\n",
      "posts/go-style.md":
        "---\ntitle: Go style\ndate: 2019-01-03\nby: [Rob Pike]\ntags: [go, 2019]\n---\nText of it.\n",
      "posts/_index.md": "---\ntitle: Posts\n---\nAll the posts.\n",
      "posts/index.md": "---\ntitle: The posts section\n---\nA section page.\n",
      "README.md": "# About this folder\n",
    };
    for (const [path, body] of Object.entries(files)) {
      await mkdir(join(root, "content", dirname(path)), { recursive: true });
      await writeFile(join(root, "content", path), body);
    }
    const { items, warnings } = await built(root);
    expect([...items.keys()].sort()).toEqual(["a-nested-post", "go-style", "my-bundle"]);
    // The Go blog's `by`, and a year YAML reads as a number, still a tag.
    expect(items.get("go-style")).toMatchObject({ authors: [{ name: "Rob Pike" }], tags: ["Go", "2019"] });
    expect(warnings).toContain(
      "content/:1: file: left out as redirect pages (redirect or redirect_to, no date); to keep such an address, list it in the aliases of the article it leads to (content/posts/old-address.md)",
    );
    expect(warnings).toContain(
      "content/:1: file: left out as listing and site pages, not articles (_index, README, an index or a layout: page with no date): content/README.md, content/posts/_index.md, content/posts/index.md",
    );
    // Files beside the posts are served: a bundle's beside its article's page, the rest at their path in the tree.
    const routes = Object.keys((await loadBuilt(root)).routes);
    expect(routes).toEqual(
      expect.arrayContaining(["/articles/my-bundle/photo.jpg", "/articles/my-bundle/main.go", "/posts/fragment.html"]),
    );
    expect(warnings.filter((w) => w.includes("fragment.html") || w.includes("photo.jpg"))).toEqual([]);
  });

  it("reads .mdx as Markdown: imports, exports and components' tags out, their text kept, and said so", async () => {
    const root = await contentProject({
      "post.mdx": [
        "---",
        "title: An MDX post",
        "date: 2022-05-05",
        "---",
        'import Chart from "../components/Chart.astro";',
        "export const meta = { wide: true };",
        "",
        "The opening paragraph of the post.",
        "",
        '<Callout type="note">Keep this text.</Callout>',
        "",
        "<Chart data={[1, 2, 3]} />",
        "",
        "```jsx",
        "<Chart />",
        "```",
      ].join("\n"),
    });
    const result = await build({ root, now: Date.parse("2026-11-21T12:00:00Z") });
    expect(result.warnings.map(formatProblem)).toContain(
      "content/post.mdx:5: body: MDX import, export and component lines read as Markdown: the code and the components' tags are left out, their text kept (lines 5, 6, 10, 12); check what the components showed",
    );
    const page = routeText(await loadBuilt(root), "/articles/post");
    expect(page).toContain("<p>Keep this text.</p>");
    // The fenced example stays, as code (highlighted: its text without the token spans).
    expect(page.replace(/<\/?span[^>]*>/g, "")).toContain('<code class="language-jsx">&lt;Chart /&gt;');
    expect(page).not.toMatch(/import Chart|export const|Callout/);
  });

  it("records old addresses (aliases, redirect_from, a path-valued permalink or url) for 301s, never over a route", async () => {
    const root = await contentProject({
      "hugo.md": "---\ntitle: H\ndate: 2019-01-01\naliases: [/posts/h-old/, /2019/01/h.html]\n---\nText.\n",
      "jekyll.md": "---\ntitle: J\ndate: 2019-01-02\nredirect_from: /j-old/\npermalink: /blog/j/\n---\nText.\n",
      "url.md": "---\ntitle: U\ndate: 2019-01-03\nurl: /blog/u/\n---\nText.\n",
      // An old address that is one of this site's own routes stays that route.
      "clash.md": "---\ntitle: C\ndate: 2019-01-04\naliases: [/topics]\n---\nText.\n",
    });
    await build({ root, now: Date.parse("2026-11-21T12:00:00Z") });
    const dist = await loadBuilt(root);
    const site = JSON.parse(new TextDecoder().decode(dist.value(dist.head.s))) as { redirects: Record<string, string> };
    expect(site.redirects).toEqual({
      "/2019/01/h.html": "/articles/hugo",
      "/atom.xml": "/feed.atom",
      "/blog/j": "/articles/jekyll",
      "/blog/u": "/articles/url",
      "/feed": "/feed.atom",
      "/feed.xml": "/feed.atom",
      "/feed/atom": "/feed.atom",
      "/feed/rss": "/feed.rss",
      "/index.xml": "/feed.rss",
      "/j-old": "/articles/jekyll",
      "/posts/h-old": "/articles/hugo",
      "/rss": "/feed.rss",
      "/rss.xml": "/feed.rss",
    });
  });

  it("answers every article's address under the old site's permalinks patterns, an alias winning over a pattern", async () => {
    const root = await contentProject(
      {
        "release/v2-0-0.md": "---\ntitle: Version 2.0.0\ndate: 2019-05-01T10:00:00Z\ntags: [release]\n---\nText.\n",
        "news/launch/index.md": "---\ntitle: Launch\ndate: 2019-06-02\n---\nText.\n",
        "news/2019-06-03-weekly.md":
          "---\ntitle: Weekly\ndate: 2019-06-03\naliases: [/blog/release/v2-0-0]\n---\nText.\n",
      },
      'permalinks: ["/blog/:section/:slug/", "/:year/:month/:day/:title.html", "/:categories/:i_month/:filename"]\n',
    );
    await build({ root, now: Date.parse("2026-11-21T12:00:00Z") });
    const dist = await loadBuilt(root);
    const site = JSON.parse(new TextDecoder().decode(dist.value(dist.head.s))) as { redirects: Record<string, string> };
    const articles = Object.fromEntries(Object.entries(site.redirects).filter(([, to]) => to.startsWith("/articles/")));
    expect(articles).toEqual({
      // The Weekly post's own alias takes the address the pattern gave Version 2.0.0.
      "/blog/release/v2-0-0": "/articles/weekly",
      "/2019/05/01/v2-0-0.html": "/articles/v2-0-0",
      "/release/5/v2-0-0": "/articles/v2-0-0",
      // A page bundle is named by its folder, and its section is the folder above it.
      "/blog/news/launch": "/articles/launch",
      "/2019/06/02/launch.html": "/articles/launch",
      "/6/launch": "/articles/launch",
      "/blog/news/weekly": "/articles/weekly",
      "/2019/06/03/weekly.html": "/articles/weekly",
      "/6/2019-06-03-weekly": "/articles/weekly",
    });
    // A placeholder Dispatch does not know is refused in site.yaml, naming the ones it knows.
    const bad = await contentProject(
      { "a.md": "---\ntitle: A\ndate: 2019-01-01\n---\nText.\n" },
      'permalinks: ["/:yaer/:slug"]\n',
    );
    expect((await buildProblems(bad)).join("\n")).toMatch(
      /site\.yaml:\d+: permalinks\.0: uses a placeholder Dispatch does not know; it knows :year, :short_year, .*:categories/,
    );
  });

  it("refuses one old address claimed by two articles, in both files, and an old address that is not a path", async () => {
    const root = await contentProject({
      "a.md": "---\ntitle: A\ndate: 2019-01-01\naliases: [/old/]\n---\nText.\n",
      "b.md": "---\ntitle: B\ndate: 2019-01-02\nredirect_from: [/old]\n---\nText.\n",
      "c.md": "---\ntitle: C\ndate: 2019-01-03\naliases: [/has space/]\n---\nText.\n",
    });
    expect(await buildProblems(root)).toEqual([
      "content/c.md:4: aliases.0: must be a path on the old site, such as /2019/05/a-post/",
    ]);
    await writeFile(join(root, "content", "c.md"), "---\ntitle: C\ndate: 2019-01-03\n---\nText.\n");
    expect(await buildProblems(root)).toEqual([
      "content/a.md:1: aliases: old address /old is also claimed by content/b.md; give it to one article",
      "content/b.md:1: aliases: old address /old is also claimed by content/a.md; give it to one article",
    ]);
  });
});

/** The hash of the bytes `path` is served from. */
