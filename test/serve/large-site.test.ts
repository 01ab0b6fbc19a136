// A site large enough that its values fill many bulk-put chunks and its routes many shards per group, built by the
// real build and served by the real Worker in workerd: every feed it serves is valid, and the archives reach back to
// every article.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAtomFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../bench/corpus.js";
import { build } from "../../src/build/build.js";
import { documentKindOf, parsePath } from "../../src/shared/routes.js";
import { decodeHead, type Head } from "../../src/shared/stored-version.js";
import { checkAtom, checkDocuments, checkJsonFeed, checkRss, checkXml, type Doc } from "../render/conformance.js";
import { kvChunks } from "../support/dist.js";
import { type RunningWorker, startDispatchWorker } from "../support/worker-server.js";

const project = resolve(import.meta.dirname, "../..");
/** Enough for two article shards (each about 48 KB of route entries) and dozens of chunks. */
const ARTICLES = 2500;

let root: string;
let worker: RunningWorker;
let head: Head;
let routes: string[];
let chunks: ReturnType<typeof kvChunks>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "dispatch-large-"));
  await cp(join(project, "site.yaml"), join(root, "site.yaml"));
  await writeCorpus(join(root, "content"), ARTICLES);
  // The corpus's topics are not in the project's vocabulary: front-matter topics need none.
  const result = await build({ root, now: Date.parse("2026-11-21T12:00:00Z") });
  head = result.head;
  routes = Object.keys(JSON.parse(await readFile(join(root, "dist/routes.json"), "utf8")) as object);
  chunks = kvChunks(join(root, "dist"));
  await writeFile(join(root, "head.txt"), result.headText);
  worker = await startDispatchWorker(join(root, "dist"));
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${worker.origin}${path}`);
  return { status: res.status, type: res.headers.get("Content-Type") ?? "", text: await res.text() };
}

async function problemsOf(path: string): Promise<string[]> {
  const { status, text } = await get(path);
  if (status !== 200) return [`${path}: status ${status}`];
  const file = new URL(path, "http://x").pathname;
  const found = file.endsWith(".atom")
    ? await checkAtom(text)
    : file.endsWith(".rss")
      ? await checkRss(text)
      : file.endsWith(".json")
        ? checkJsonFeed(text)
        : await checkXml(text, file);
  return found.map((p) => `${path}: ${p}`);
}

describe(`a ${ARTICLES.toLocaleString("en")}-article site, served from KV by the Worker in workerd`, () => {
  it("needs many bulk-put chunks and more than one shard in a group", async () => {
    expect(chunks.length).toBeGreaterThan(1);
    expect(head.a.length).toBeGreaterThan(1);
    expect(decodeHead(await readFile(join(root, "head.txt"), "utf8"))).toEqual(head);
    for (const { name, entries } of chunks) expect(entries.length, name).toBeLessThanOrEqual(500);
  });

  it("serves every feed, archive and digest feed valid by its format's rules", async () => {
    const feeds = routes.filter((p) => {
      const route = parsePath(p);
      return route && documentKindOf(route) === "feed";
    });
    expect(feeds.length).toBeGreaterThan(100);
    const problems: string[] = [];
    const docs: Doc[] = [];
    for (const path of feeds) {
      const { status, text } = await get(path);
      if (status === 200) docs.push({ name: path, text });
      else problems.push(`${path}: status ${status}`);
    }
    problems.push(...(await checkDocuments(docs)));
    expect(problems).toEqual([]);
  }, 600_000);

  it("serves feeds the Worker renders on request valid too: ?limit, and author feeds", async () => {
    const author = routes.find((p) => /^\/authors\/[^/]+$/.test(p));
    expect(author).toBeDefined();
    const problems: string[] = [];
    for (const path of ["/feed.atom?limit=100", "/feed.rss?limit=7", "/topics/politics/feed.json?limit=100"])
      problems.push(...(await problemsOf(path)));
    for (const format of ["atom", "rss", "json"]) problems.push(...(await problemsOf(`${author}/feed.${format}`)));
    problems.push(...(await problemsOf(`${author}/feed.atom?limit=3`)));
    expect(problems).toEqual([]);
  }, 120_000);

  it("reaches every article from /feed.atom by following prev-archive, through each document once", async () => {
    // RFC 5005 §4.2: a consumer merges the documents by entry id. The subscription document holds the newest entries,
    // which may already be archived (a finished week is); an entry never appears twice in one document.
    const seen = new Set<string>();
    const visited = new Set<string>();
    let path: string | undefined = "/feed.atom";
    while (path) {
      expect(visited.has(path), `${path} twice: the chain loops`).toBe(false);
      visited.add(path);
      const text: string = (await get(path)).text;
      const ids = (parseAtomFeed(text).entries ?? []).map((e) => e.id ?? "");
      expect(new Set(ids).size, path).toBe(ids.length);
      for (const id of ids) seen.add(id);
      const prev: string | undefined = parseAtomFeed(text).links?.find((l) => l.rel === "prev-archive")?.href;
      path = prev ? new URL(prev).pathname : undefined;
    }
    expect(visited.size).toBeGreaterThan(50);
    expect(seen.size).toBe(ARTICLES);
  }, 300_000);

  it("answers the pages of every group with 200, and a missing article with 404", async () => {
    const sample = [
      "/",
      "/topics",
      "/authors",
      "/digest",
      "/digest/archive",
      routes.find((p) => p.startsWith("/articles/")),
      routes.findLast((p) => p.startsWith("/articles/")),
      routes.find((p) => /^\/topics\/[^/]+$/.test(p)),
      routes.find((p) => /^\/digest\/\d{4}-W\d\d$/.test(p)),
    ];
    for (const path of sample) {
      expect(path).toBeDefined();
      const res = await get(path as string);
      expect(res.status, path).toBe(200);
      expect(res.type, path).toContain("text/html");
    }
    expect((await get("/articles/no-such-article")).status).toBe(404);
  }, 120_000);
});
