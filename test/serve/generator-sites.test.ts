// A Jekyll site, a Hugo site, an Eleventy site and an Astro content collection, each in the shape its generator
// writes (written here, no third-party content), built as they are and served by the real Worker in bare workerd:
// no errors, pages without template leftovers, pictures and attachments served, old addresses and old feed addresses
// answering 301, code highlighted, and every feed valid with nothing but absolute URLs in it.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  bundleWorker,
  get,
  startKv,
  startServe,
  type Workerd,
  writeKvDirectory,
} from "../../bench/serve.js";
import { build } from "../../src/build/build.js";
import { formatProblem } from "../../src/content/problems.js";
import { checkAtom, checkJsonFeed, checkRss, htmlProblems } from "../render/conformance.js";
import { freePort } from "../support/net.js";

const root = resolve(import.meta.dirname, "../..");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = "%PDF-1.4\n%…\n";

interface SiteShape {
  files: Record<string, string | Buffer>;
  /** Appended to the project's site.yaml. */
  siteYaml?: string;
  /** Article pages that must be served, and text each must show. */
  pages: Record<string, string>;
  /** Files that must be served, with their type. */
  served: Record<string, string>;
  /** Old address → new path. */
  moved: Record<string, string>;
  /** The warning about fields set aside, as the build prints it. */
  ignored: string;
}

const SHAPES: Record<string, SiteShape> = {
  jekyll: {
    files: {
      "_config.yml": "title: The old blog\npermalink: date\n",
      Gemfile: 'source "https://rubygems.org"\ngem "jekyll"\n',
      // A repository's own files, never published.
      ".git/config": "[core]\n\trepositoryformatversion = 0\n",
      "node_modules/left-pad/index.js": "module.exports = 0;\n",
      "_layouts/post.html": "<article>{{ content }}</article>\n",
      "_posts/2019-03-01-hello-world.markdown": `---
layout: post
title: "Hello, world"
date: 2019-03-01 10:00:00 +0000
categories: [release]
author: A. Writer
redirect_from: /old/hello/
comments: true
---
Welcome to the new blog; read [the second post]({% post_url 2019-03-02-second %}) too.

{% highlight ruby %}
# a comment, not a heading
def hello
  puts "hi"
end
{% endhighlight %}

![The logo](/assets/images/logo.png)
{: .center}
`,
      "_posts/2019-03-02-second.md": `---
layout: post
title: Second
---
The second post links [the brief](/assets/brief.pdf).
`,
      "about.md": "---\nlayout: page\ntitle: About\npermalink: /about/\n---\nAbout this blog.\n",
      "assets/images/logo.png": PNG,
      "assets/brief.pdf": PDF,
    },
    siteYaml: 'permalinks: ["/:categories/:year/:month/:day/:title.html"]\n',
    pages: { "/articles/hello-world": "Welcome to the new blog", "/articles/second": "The second post" },
    served: { "/assets/images/logo.png": "image/png", "/assets/brief.pdf": "application/pdf" },
    moved: {
      "/old/hello/": "/articles/hello-world",
      "/release/2019/03/01/hello-world.html": "/articles/hello-world",
      "/2019/03/02/second.html": "/articles/second",
      "/feed.xml": "/feed.atom",
    },
    // Counted over the posts: about.md is left out as a site page.
    ignored:
      "content/:1: front matter: set aside, as only another generator's templates use them: layout (2 files), comments (1 file)",
  },
  hugo: {
    files: {
      "content/posts/field-notes/index.md": `+++
title = "Field notes"
date = 2021-05-04T09:00:00+02:00
tags = ["travel"]
authors = ["B. Writer"]
aliases = ["/2021/05/field-notes/"]
draft = false
weight = 10
+++
Notes from the road, with a map below.

{{< figure src="map.png" alt="The route" caption="The route we took" >}}

{{< highlight go >}}
package main

func main() {}
{{< /highlight >}}

See also [the earlier notes]({{< ref "../earlier.md" >}}), and the film:

{{< youtube dQw4w9WgXcQ >}}
`,
      "content/posts/field-notes/map.png": PNG,
      "content/posts/earlier.md": `---
title: Earlier notes
date: 2021-04-01
summary: What came before.
---
Earlier notes, with a [logo](/images/logo.png).
`,
      "content/posts/_index.md": "---\ntitle: Posts\n---\n",
      "static/images/logo.png": PNG,
    },
    siteYaml: 'permalinks: ["/posts/:slug/"]\n',
    pages: { "/articles/field-notes": "Notes from the road", "/articles/earlier": "Earlier notes" },
    served: { "/articles/field-notes/map.png": "image/png", "/images/logo.png": "image/png" },
    moved: {
      "/2021/05/field-notes/": "/articles/field-notes",
      "/posts/earlier/": "/articles/earlier",
      "/index.xml": "/feed.rss",
    },
    ignored: "content/:1: front matter: set aside, as only another generator's templates use them: weight (1 file)",
  },
  eleventy: {
    files: {
      "blog/2020-01-10-first-post.md": `---
layout: layouts/post.njk
title: First post
tags: [posts, notes]
description: The first post of the blog.
---
The first post, with code:

\`\`\`js
const answer = 42;
\`\`\`
`,
      "blog/2020-01-20-second-post/index.md": `---
layout: layouts/post.njk
title: Second post
date: 2020-01-20
tags: posts
---
The second post, with ![a photo](photo.png).
`,
      "blog/2020-01-20-second-post/photo.png": PNG,
      "img/banner.png": PNG,
    },
    siteYaml: 'permalinks: ["/blog/:filename/"]\n',
    pages: { "/articles/first-post": "The first post", "/articles/second-post": "The second post" },
    served: { "/articles/second-post/photo.png": "image/png", "/img/banner.png": "image/png" },
    moved: { "/blog/2020-01-10-first-post/": "/articles/first-post", "/feed/": "/feed.atom" },
    ignored: "content/:1: front matter: set aside, as only another generator's templates use them: layout (2 files)",
  },
  astro: {
    files: {
      "blog/first-post.md": `---
title: 'First post'
description: 'Lorem ipsum dolor sit amet'
pubDate: 'Jul 08 2022'
heroImage: '/blog-placeholder-3.jpg'
---
The first paragraph of the first post.
`,
      "blog/using-mdx.mdx": `---
title: 'Using MDX'
description: 'How MDX works here'
pubDate: 'Jun 01 2024'
updatedDate: 'Jun 19 2024'
---
import HeaderLink from '../components/HeaderLink.astro';

Some text with <HeaderLink href="#">a component</HeaderLink> inside.
`,
      "public/blog-placeholder-3.jpg": Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
    },
    pages: { "/articles/first-post": "The first paragraph", "/articles/using-mdx": "a component" },
    served: { "/blog-placeholder-3.jpg": "image/jpeg" },
    moved: { "/rss.xml": "/feed.rss" },
    ignored: "",
  },
};

let dir: string;
let kv: Workerd;
let serve: Workerd;
const ports: Record<string, number> = {};
const warnings: Record<string, string[]> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dispatch-generators-"));
  const bundle = await bundleWorker(join(root, "wrangler.toml"), join(dir, "bundle"));
  const workers = [];
  for (const [name, shape] of Object.entries(SHAPES)) {
    const site = join(dir, name);
    await cp(join(root, "site.yaml"), join(site, "site.yaml"));
    if (shape.siteYaml) await writeFile(join(site, "site.yaml"), shape.siteYaml, { flag: "a" });
    for (const [path, bytes] of Object.entries(shape.files)) {
      await mkdir(dirname(join(site, "content", path)), { recursive: true });
      await writeFile(join(site, "content", path), bytes);
    }
    const built = await build({ root: site, now: Date.parse("2026-11-21T12:00:00Z") });
    warnings[name] = built.warnings.map(formatProblem);
    await writeKvDirectory(join(site, "dist"), join(dir, "kv"));
    ports[name] = await freePort();
    workers.push({ name, bundle, port: ports[name], kv: true, text: { CONTENT_VERSION: built.headText } });
  }
  const kvPort = await freePort();
  kv = await startKv(dir, join(dir, "kv"), kvPort);
  serve = await startServe(dir, kvPort, workers);
}, 240_000);

afterAll(async () => {
  await serve?.stop();
  await kv?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const text = (a: Answer) => (a.headers["content-encoding"] === "gzip" ? gunzipSync(a.body) : a.body).toString("utf8");

describe.each(Object.keys(SHAPES))("a %s site, built as it is", (name) => {
  const shape = SHAPES[name] as SiteShape;
  const port = () => ports[name] as number;

  it("builds with its template-only fields set aside in one warning, and links that all lead somewhere", () => {
    const mine = warnings[name] ?? [];
    if (shape.ignored) expect(mine).toContain(shape.ignored);
    expect(mine.filter((w) => /template syntax|does not serve|not served/.test(w))).toEqual(
      name === "jekyll"
        ? [
            `content/:1: file: 4 files of the old site's project (configuration, templates, dependencies) not served, as its generator served none (content/Gemfile, content/_config.yml, content/_layouts/post.html, …)`,
          ]
        : [],
    );
  });

  it("serves its pages without template leftovers, and highlighted code where it has code", async () => {
    for (const [path, words] of Object.entries(shape.pages)) {
      const page = await get(port(), path);
      expect(page.status, path).toBe(200);
      const html = text(page);
      expect(html, path).toContain(words);
      // In what the page shows: the stylesheet in its head has braces of its own.
      expect(html.slice(html.indexOf("</head>")), path).not.toMatch(/\{%|\{\{|%\}|\}\}|\{:/);
    }
    // Every picture and link on the site's own paths in each article's body answers (200, or 301 to where it moved).
    // Resolved as a browser resolves them, against the page's own address.
    let checked = 0;
    for (const path of Object.keys(shape.pages)) {
      const html = text(await get(port(), path));
      const body = html.slice(html.indexOf('<div class="body">'), html.indexOf("</article>"));
      for (const [, value = ""] of body.matchAll(/(?:href|src)="([^"]*)"/g)) {
        const url = new URL(value.replaceAll("&amp;", "&"), `http://site.test${path}`);
        if (url.host !== "site.test" || url.pathname === path) continue;
        checked++;
        expect([(await get(port(), url.pathname)).status, path, value]).toEqual([200, path, value]);
      }
    }
    if (name !== "astro") expect(checked).toBeGreaterThan(0);
    if (name === "hugo") {
      // The video plays in the page, framed from youtube-nocookie.com, which the page's policy allows and nothing else.
      const page = await get(port(), "/articles/field-notes");
      expect(text(page)).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
      expect(page.headers["content-security-policy"]).toContain(
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com;",
      );
    }
    const pages = await Promise.all(Object.keys(shape.pages).map(async (p) => text(await get(port(), p))));
    if (name !== "astro") expect(pages.join("")).toMatch(/<code class="language-\w+"><span class="hljs-/);
  });

  it("serves its pictures and attachments with their types, and none of the old site's project", async () => {
    for (const [path, type] of Object.entries(shape.served)) {
      const res = await get(port(), path);
      expect([res.status, res.headers["content-type"]], path).toEqual([200, type]);
    }
    if (name === "jekyll")
      for (const path of [
        "/.git/config",
        "/Gemfile",
        "/_config.yml",
        "/_layouts/post.html",
        "/node_modules/left-pad/index.js",
      ])
        expect((await get(port(), path)).status, path).toBe(404);
  });

  it("answers its old addresses and old feed address with 301 to the new ones", async () => {
    for (const [old, path] of Object.entries(shape.moved)) {
      const res = await get(port(), old);
      expect([res.status, res.headers.location], old).toEqual([301, path]);
    }
  });

  it("has valid feeds whose links and pictures are all absolute", async () => {
    const atom = text(await get(port(), "/feed.atom"));
    const rss = text(await get(port(), "/feed.rss"));
    const json = text(await get(port(), "/feed.json"));
    expect(await checkAtom(atom)).toEqual([]);
    expect(await checkRss(rss)).toEqual([]);
    expect(checkJsonFeed(json)).toEqual([]);
    // Every entry's HTML is safe and has no relative URL a reader could not resolve.
    const items = (JSON.parse(json) as { items: { id: string; content_html: string }[] }).items;
    expect(items.flatMap((i) => htmlProblems(i.content_html, i.id))).toEqual([]);
    // Readers drop frames: the feeds link to the video instead.
    if (name === "hugo")
      for (const feed of [atom, rss, json]) expect(feed).toContain("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    for (const feed of [atom, rss, json]) {
      // Attributes inside escaped HTML content: href=&quot;…&quot; in XML, href=\"…\" in JSON.
      const urls = [...feed.matchAll(/(?:href|src)=(?:&quot;|\\")([^&"\\]*)/g)].map((m) => m[1]);
      // The Astro posts link nothing; the others link pictures, files and each other.
      if (name !== "astro") expect(urls.length).toBeGreaterThan(0);
      expect(urls.filter((u) => !/^https?:\/\//.test(u ?? ""))).toEqual([]);
    }
  });
});
