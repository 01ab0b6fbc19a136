// The Worker as Cloudflare runs it, in bare workerd (no wrangler proxy, which normalises some paths and serialises
// nothing): concurrent first requests for a document rendered on request, and hostile paths over real HTTP.

import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../bench/corpus.js";
import { bundleWorker, get, startKv, startServe, type Workerd, writeKvDirectory } from "../../bench/serve.js";
import { build } from "../../src/build/build.js";
import { freePort } from "../support/net.js";

const root = resolve(import.meta.dirname, "../..");
const ARTICLES = 300;

/** Files kept beside the articles, as other generators keep them: a picture is any bytes, a PDF has its header. */
const SITE_FILES: Record<string, string | Buffer> = {
  "static/images/chart.svg":
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n',
  "public/downloads/report 2018.pdf": Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(40_000)]),
  "assets/data.csv": "year,strikes\n2015,12\n2016,31\n",
  // An HTML fragment a post included: its source as text, never a page on the site's origin.
  "assets/table.html": '<meta http-equiv="refresh" content="0;url=https://evil.example/"><table></table>\n',
  "posts/photo-essay/index.md":
    "---\ntitle: A photo essay\ndate: 2018-07-05\n---\nPictures from the front, in words first.\n",
  "posts/photo-essay/photo.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(10_000)]),
};

let dir: string;
let kv: Workerd;
let serve: Workerd;
let port: number;
let authorFeed: string;
const oldAddresses = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dispatch-workerd-"));
  // A site of some size, so a feed rendered on request takes long enough for others to arrive while it renders.
  const site = join(dir, "site");
  await cp(join(root, "site.yaml"), join(site, "site.yaml"));
  await writeCorpus(join(site, "content"), ARTICLES);
  // Every article had an address on an old site: enough of them that the table is a value of its own (over 8 KiB),
  // read only by requests that are no route.
  for (const name of (await readdir(join(site, "content"))).sort()) {
    const file = join(site, "content", name);
    const slug = name.replace(/^\d{4}-\d{2}-\d{2}-/, "").replace(/\.md$/, "");
    const old = `/blog/${oldAddresses.size}/${slug.slice(0, 20)}/`;
    oldAddresses.set(old, `/articles/${slug}`);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^---\n/, `---\naliases: [${old}]\n`));
  }
  for (const [path, bytes] of Object.entries(SITE_FILES)) {
    await mkdir(dirname(join(site, "content", path)), { recursive: true });
    await writeFile(join(site, "content", path), bytes);
  }
  const built = await build({ root: site, now: Date.parse("2026-11-21T12:00:00Z") });
  const bundle = await bundleWorker(join(root, "wrangler.toml"), join(dir, "bundle"));
  await writeKvDirectory(join(site, "dist"), join(dir, "kv"));
  const kvPort = await freePort();
  port = await freePort();
  kv = await startKv(dir, join(dir, "kv"), kvPort);
  const version = built.headText;
  authorFeed = `${Object.keys(built.routes).find((p) => /^\/authors\/[^/]+$/.test(p))}/feed.rss`;
  serve = await startServe(dir, kvPort, [
    { name: "dispatch", bundle, port, kv: true, text: { CONTENT_VERSION: version } },
  ]);
}, 240_000);

afterAll(async () => {
  await serve?.stop();
  await kv?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("concurrent first requests in bare workerd", () => {
  it("answers 64 simultaneous first requests for each feed rendered on request with 200 and one document", async () => {
    // An isolate that has served load: a few rendered feeds first.
    for (const limit of [3, 5, 8]) expect((await get(port, `/feed.atom?limit=${limit}`)).status).toBe(200);
    for (const path of [
      "/feed.atom?limit=93",
      "/topics/politics/feed.json?limit=41",
      authorFeed,
      "/digest/feed.atom?limit=2",
    ]) {
      const answers = await Promise.all(Array.from({ length: 64 }, () => get(port, path)));
      const statuses = answers.map((a) => a.status);
      expect(
        statuses.filter((s) => s !== 200),
        path,
      ).toEqual([]);
      expect(new Set(answers.map((a) => a.headers.etag)).size, path).toBe(1);
      expect(new Set(answers.map((a) => a.body.toString("base64"))).size, path).toBe(1);
    }
  }, 120_000);
});

describe("hostile paths over HTTP in bare workerd", () => {
  it("never redirects off the site, and answers control characters with 404, not 500", async () => {
    const cases: [string, number, string | undefined][] = [
      ["/%09/evil.example/", 404, undefined],
      ["/%09%5Cevil.example/", 404, undefined],
      ["/%0A/x/", 404, undefined],
      ["/topics%00/", 404, undefined],
      ["/topics%0D/", 404, undefined],
      ["/t%6Fpics", 301, "/topics"],
      ["/feed%2Eatom", 301, "/feed.atom"],
      ["/topics/", 301, "/topics"],
    ];
    for (const [path, status, location] of cases) {
      const res = await get(port, path);
      expect(res.status, path).toBe(status);
      expect(res.headers.location, path).toBe(location);
    }
  });
});

describe("an old site's addresses over HTTP in bare workerd", () => {
  it("answers each article's old address, with or without its slash or index.html, with 301 to its page", async () => {
    expect(oldAddresses.size).toBe(ARTICLES);
    const [[old, page] = ["", ""], ...rest] = [...oldAddresses];
    for (const path of [old, old.replace(/\/$/, ""), `${old}index.html`]) {
      const res = await get(port, path);
      expect([res.status, res.headers.location, res.headers["cache-control"]], path).toEqual([
        301,
        page,
        "public, max-age=86400",
      ]);
    }
    // The page it names is served.
    expect((await get(port, page)).status).toBe(200);
    const [last, lastPage] = rest.at(-1) ?? ["", ""];
    expect((await get(port, last)).headers.location).toBe(lastPage);
  });

  it("sends the common feed addresses of other generators to the feeds, and anything else to 404", async () => {
    for (const [path, location] of [
      ["/feed.xml", "/feed.atom"],
      ["/atom.xml", "/feed.atom"],
      ["/index.xml", "/feed.rss"],
      ["/rss.xml", "/feed.rss"],
      ["/feed/", "/feed.atom"],
    ]) {
      const res = await get(port, path as string);
      expect([res.status, res.headers.location], path).toEqual([301, location]);
    }
    const missing = await get(port, "/blog/no-such-old-address/");
    expect([missing.status, missing.headers.location]).toEqual([404, undefined]);
  });
});

describe("files kept beside the articles, over HTTP in bare workerd", () => {
  it("serves each where its generator did, with its type and its bytes, gzip or not, and 304 to its ETag", async () => {
    const served: [string, string, string][] = [
      ["/images/chart.svg", "static/images/chart.svg", "image/svg+xml"],
      ["/downloads/report%202018.pdf", "public/downloads/report 2018.pdf", "application/pdf"],
      ["/assets/data.csv", "assets/data.csv", "text/csv; charset=utf-8"],
      ["/assets/table.html", "assets/table.html", "text/plain; charset=utf-8"],
      // A page bundle's picture, beside its article's page.
      ["/articles/photo-essay/photo.png", "posts/photo-essay/photo.png", "image/png"],
    ];
    for (const [path, file, type] of served) {
      const bytes = Buffer.from(SITE_FILES[file] as string | Buffer);
      const zipped = await get(port, path);
      expect([zipped.status, zipped.headers["content-type"], zipped.headers["content-encoding"]], path).toEqual([
        200,
        type,
        "gzip",
      ]);
      expect(gunzipSync(zipped.body).equals(bytes), path).toBe(true);
      const plain = await get(port, path, { "Accept-Encoding": "identity" });
      expect([plain.status, plain.headers["content-encoding"]], path).toEqual([200, undefined]);
      expect(plain.body.equals(bytes), path).toBe(true);
      const again = await get(port, path, { "If-None-Match": zipped.headers.etag ?? "" });
      expect(again.status, path).toBe(304);
    }
    // An SVG opened on its own may style itself, as drawing tools write it, and runs no script and loads nothing.
    expect((await get(port, "/images/chart.svg")).headers["content-security-policy"]).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox",
    );
    // The tree's own paths are not served twice, and a file that is not there is 404.
    for (const path of ["/static/images/chart.svg", "/posts/photo-essay/photo.png", "/images/missing.svg"])
      expect((await get(port, path)).status, path).toBe(404);
  });
});
