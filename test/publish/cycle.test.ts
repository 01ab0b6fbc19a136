// The publish, rollback and prune cycle against a local KV namespace, through the same wrangler calls a remote
// publish makes (`--local --persist-to` a temporary folder), with a WebSub hub stand-in over real HTTP.
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, build } from "../../src/build/build.js";
import { KvTarget, WranglerError } from "../../src/publish/kv-target.js";
import { readLive } from "../../src/publish/live.js";
import { LockHeld, withLock } from "../../src/publish/lock.js";
import { preflight } from "../../src/publish/preflight.js";
import { prune } from "../../src/publish/prune.js";
import { announce, type PublishReport, publish, versionValues } from "../../src/publish/publish.js";
import { rollback } from "../../src/publish/rollback.js";
import { listVersions, storedValues, valuesOfHead } from "../../src/publish/versions.js";
import type { PingResult } from "../../src/publish/websub.js";
import { LOCK_KEY } from "../../src/shared/keys.js";
import { type ArticleSpec, sourceOf } from "../support/articles.js";
import { projectWith } from "../support/build.js";

const repo = resolve(import.meta.dirname, "../..");
const DAY = 86_400_000;
const T0 = Date.parse("2026-11-21T12:00:00Z");

const first: ArticleSpec[] = [
  { slug: "first-report", title: "First report", date: "2018-07-02", topics: ["syria"], byline: "Omar Writer" },
  { slug: "second-report", title: "Second report", date: "2018-07-09", topics: ["russia"] },
  { slug: "third-report", title: "Third report", date: "2018-07-16", topics: ["syria", "russia"] },
];
const added: ArticleSpec = {
  slug: "fourth-report",
  title: "Fourth report",
  date: "2018-07-23",
  topics: ["syria"],
  byline: "Jane Reporter",
};
const later: ArticleSpec = { slug: "fifth-report", title: "Fifth report", date: "2018-07-30", topics: ["russia"] };

let hub: Server;
let hubUrl: string;
const pings: URLSearchParams[] = [];
let root: string;
let target: KvTarget;

beforeAll(async () => {
  hub = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      pings.push(new URLSearchParams(body));
      res.writeHead(204).end();
    });
  });
  hub.listen(0, "127.0.0.1");
  await once(hub, "listening");
  const address = hub.address();
  hubUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  root = await projectWith(first, { hub: hubUrl });
  target = new KvTarget({ root: repo, where: "local", persistTo: await mkdtemp(join(tmpdir(), "dispatch-kv-")) });
});

afterAll(() => {
  hub?.close();
});

const buildAt = (now: number) => build({ root, now });
const addFile = (spec: ArticleSpec) => writeFile(join(root, "content", `${spec.date}-${spec.slug}.md`), sourceOf(spec));
const quiet = () => {};

/** A local publish as `npm run deploy -- --local` makes it: the values and record, then the hub is told. */
async function publishBuilt(result: BuildResult): Promise<PublishReport & { pings: PingResult[] }> {
  const report = await withLock(target, "publish", () => publish({ target, result, say: quiet }));
  return { ...report, pings: await announce(report) };
}

describe("publishing to a local KV namespace", () => {
  let a: BuildResult;
  let b: BuildResult;
  let c: BuildResult;
  let bReport: PublishReport & { pings: PingResult[] };
  /** The values each build listed in its dist/values.txt, read before the next build replaces it. */
  let aListed: Set<string>;
  let bListed: Set<string>;
  const listed = async (result: BuildResult) => new Set((await versionValues(result.outDir)).map(([h]) => h));

  it("publishes a first version: every value, then the record, then `current`", async () => {
    a = await buildAt(T0);
    const report = await publishBuilt(a);
    expect(report.previous).toBeUndefined();
    expect(report.upload.uploaded).toBe(report.upload.values);
    expect(report.changes.articles.added.sort()).toEqual(first.map((s) => s.slug).sort());
    expect((await readLive(target)).current).toBe(a.headText);
    const versions = await listVersions(target);
    expect(versions.map((v) => [v.version, v.articles])).toEqual([[a.head.version, 3]]);
    const needed = await valuesOfHead(target, a.headText);
    const stored = await storedValues(target);
    expect([...needed.values].filter((h) => !stored.has(h))).toEqual([]);
    // What the shards name is exactly what the build listed: prune and rollback see the version as the build made it.
    aListed = await listed(a);
    expect(aListed).toEqual(needed.values);
    // A first publish announces every feed: they are all new.
    expect(pings.map((p) => p.get("hub.url"))).toContain("https://dispatch.example.com/feed.atom");
    pings.length = 0;
  }, 120_000);

  it("gives unchanged content the same version, and publishing it again uploads nothing", async () => {
    const again = await buildAt(T0 + DAY);
    expect(again.head.version).toBe(a.head.version);
    expect(again.headText).toBe(a.headText);
    const report = await publishBuilt(again);
    expect(report.upload.uploaded).toBe(0);
    expect(report.changes).toEqual({
      articles: { added: [], updated: [], removed: [] },
      feeds: [],
      weeks: [],
      authors: [],
    });
    expect(pings).toEqual([]);
  }, 120_000);

  it("publishes a second version: KV gains exactly the values it reports uploading, says what changed, and pings the hub", async () => {
    await addFile(added);
    b = await buildAt(T0 + 2 * DAY);
    bListed = await listed(b);
    const held = await storedValues(target);
    bReport = await publishBuilt(b);
    expect(bReport.previous).toBe(a.head.version);
    // KV now holds every value the build listed, and gained as many as the report says were sent: the new article's
    // page and entry, and what it changed; fewer than the version holds.
    const now = await storedValues(target);
    expect([...bListed].filter((h) => !now.has(h))).toEqual([]);
    expect(bReport.upload.uploaded).toBe(now.size - held.size);
    expect(bReport.upload.uploaded).toBeGreaterThan(0);
    expect(bReport.upload.uploaded).toBeLessThan(bListed.size);
    expect(bReport.changes.articles).toEqual({ added: [added.slug], updated: [], removed: [] });
    expect(bReport.changes.feeds).toContain("/feed.atom");
    expect(bReport.changes.feeds).toContain("/topics/syria/feed.rss");
    expect(bReport.changes.feeds).not.toContain("/topics/russia/feed.atom");
    expect(bReport.changes.weeks).toContain("2018-W30");
    // The hub heard of every changed subscription document, by its absolute URL, and of nothing else.
    const announced = pings.map((p) => [p.get("hub.mode"), p.get("hub.url")]);
    // Both names for the feed's URL: hubs read one or the other.
    expect(pings.every((p) => p.get("hub.topic") === p.get("hub.url"))).toBe(true);
    expect(announced).toContainEqual(["publish", "https://dispatch.example.com/feed.atom"]);
    expect(announced).toContainEqual(["publish", "https://dispatch.example.com/topics/syria/feed.json"]);
    expect(announced.map(([, url]) => url)).not.toContain("https://dispatch.example.com/topics/russia/feed.atom");
    // The new article's author's feeds, rendered on request, changed with it; another author's did not.
    for (const format of ["atom", "rss", "json"])
      expect(announced).toContainEqual([
        "publish",
        `https://dispatch.example.com/authors/jane-reporter/feed.${format}`,
      ]);
    expect(announced.map(([, url]) => url).filter((u) => u?.includes("omar-writer"))).toEqual([]);
    expect(bReport.pings.every((p) => p.ok)).toBe(true);
    expect((await readLive(target)).current).toBe(b.headText);
  }, 120_000);

  it("rolls back to the first version: `current` names it again, and every value it needs is there", async () => {
    const done = await withLock(target, "rollback", () => rollback({ target, version: a.head.version }));
    expect(done).toEqual({ from: b.head.version, to: a.head.version });
    expect((await readLive(target)).current).toBe(a.headText);
    // Without a version, a rollback goes to the publish before the live one: from a, there is none.
    await expect(rollback({ target })).rejects.toThrow(/no earlier publish/);
  }, 120_000);

  it("prunes the values only a dropped version's build listed, and keeps every value the live and kept builds listed", async () => {
    await addFile(later);
    c = await buildAt(T0 + 3 * DAY);
    const cListed = await listed(c);
    await publishBuilt(c);
    await withLock(target, "rollback", () => rollback({ target, version: a.head.version }));
    // From the builds' own lists (dist/values.txt), not from the shards prune reads.
    const onlyB = [...bListed].filter((h) => !aListed.has(h) && !cListed.has(h));
    expect(onlyB.length).toBeGreaterThan(0);

    // Keep the newest publish (c) besides the live one (a): b goes.
    const dry = await prune(target, 1, true);
    expect(dry.dropped).toEqual([b.head.version]);
    expect(new Set(dry.values)).toEqual(new Set(onlyB));
    expect((await storedValues(target)).size).toBeGreaterThan(0);
    const before = await storedValues(target);
    expect(onlyB.every((h) => before.has(h))).toBe(true);

    const done = await withLock(target, "prune", () => prune(target, 1, false));
    expect(new Set(done.values)).toEqual(new Set(onlyB));
    const after = await storedValues(target);
    for (const h of [...aListed, ...cListed]) expect(after.has(h), h).toBe(true);
    for (const h of onlyB) expect(after.has(h), h).toBe(false);
    expect((await listVersions(target)).map((v) => v.version).sort()).toEqual([a.head.version, c.head.version].sort());
    // b can no longer be rolled back to, and says why.
    await expect(rollback({ target, version: b.head.version })).rejects.toThrow(/no publish of version/);
  }, 240_000);

  it("refuses to publish or prune while another command holds the lock", async () => {
    await target.put(
      LOCK_KEY,
      JSON.stringify({ what: "publish", host: "elsewhere", pid: 1, since: "2026-11-21T12:00:00Z" }),
    );
    try {
      await expect(withLock(target, "prune", async () => "ran")).rejects.toThrow(LockHeld);
      await expect(withLock(target, "prune", async () => "ran")).rejects.toThrow(/elsewhere, pid 1/);
    } finally {
      await target.delete(LOCK_KEY);
    }
    expect(await withLock(target, "prune", async () => "ran")).toBe("ran");
    expect(await target.getText(LOCK_KEY)).toBeUndefined();
  }, 120_000);
});

describe("wrangler calls that fail", () => {
  it("ends a call that never answers with an error naming what it was doing and its two attempts", async () => {
    const stalled = new KvTarget({
      root: repo,
      where: "remote",
      command: [process.execPath, "-e", "setTimeout(() => {}, 1e9)"],
      timeoutMs: 300,
      attempts: 2,
      backoffMs: 10,
    });
    // A call that never ended would hold this test past its timeout.
    await expect(stalled.list("b/")).rejects.toThrow(WranglerError);
    await expect(stalled.list("b/")).rejects.toThrow(
      /listing the b\/ keys failed after 2 attempts: no answer within 0 s/,
    );
  });

  it("refuses to publish when KV cannot be listed, rather than send every value again", async () => {
    const result = await build({ root: await projectWith(first), now: T0 });
    const fresh = new KvTarget({
      root: repo,
      where: "local",
      persistTo: await mkdtemp(join(tmpdir(), "dispatch-kv-")),
    });
    const flaky = Object.assign(Object.create(fresh) as KvTarget, {
      list: () =>
        Promise.reject(new WranglerError("listing the b/ keys failed after 3 attempts: no answer within 120 s")),
    });
    await expect(publish({ target: flaky, result, say: quiet })).rejects.toThrow(/listing the b\/ keys failed/);
    expect(await fresh.list("")).toEqual([]);
  }, 120_000);

  it("checks a remote publish before building: placeholder namespace, example origin, no credentials", async () => {
    // What wrangler prints, and exits 1 with, when it has no credentials and no terminal to ask for a login on.
    const noLogin = new KvTarget({
      root: repo,
      where: "remote",
      command: [
        process.execPath,
        "-e",
        'console.error("✘ [ERROR] In a non-interactive environment, it\'s necessary to set a CLOUDFLARE_API_TOKEN environment variable for wrangler to work."); process.exit(1)',
      ],
    });
    const { problems } = await preflight(repo, noLogin);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^wrangler\.toml:\d+: kv_namespaces id: the placeholder 0{32}; run/);
    expect(problems[1]).toMatch(/^site\.yaml:\d+: origin: the example https:\/\/dispatch\.example\.com; set it/);
    expect(problems[2]).toBe("No Cloudflare credentials: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN.");
    // Publishing locally needs none of them.
    expect((await preflight(repo, new KvTarget({ root: repo, where: "local" }))).problems).toEqual([]);
  });
});
