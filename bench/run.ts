// `npm run bench`: build, render and serving costs, printed as tables and written to dist/bench.json.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { entriesToUpload } from "../src/build/upload.js";
import { feedDocument, renderFeed } from "../src/render/site-feeds.js";
import type { SiteIndex } from "../src/shared/site-index.js";
import type { BuildCaseInput, BuildCaseResult } from "./build-case.js";
import { loadBundle } from "./bundle.js";
import { writeCorpus } from "./corpus.js";
import { planBench, renderBench } from "./render.js";
import { appClient, nodeServeBench, type RouteCase } from "./serve-node.js";
import { type WorkerdResult, workerdBench } from "./serve-workerd.js";
import { fmt, gc, mib, ratio, type Timing, table, timeInterleaved } from "./stats.js";

const root = resolve(import.meta.dirname, "..");
const started = performance.now();

// Heap that survives a full GC before and after the Node loops is memory the loops kept.
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const FEED_ENTRIES = 20;

interface PublishResult {
  entries: number;
  bytes: number;
  uploaded: number;
  uploadedBytes: number;
}
const DIGEST_WEEK = "2018-W29";
const ROUTES: RouteCase[] = [
  { name: "/feed.atom (pre-rendered, memory)", path: "/feed.atom", status: 200 },
  { name: "/feed.atom?limit=19 (on the spot)", path: "/feed.atom?limit=19", status: 200 },
  { name: "/feed.atom If-None-Match → 304", path: "/feed.atom", conditional: true, status: 304 },
  { name: "/ (home)", path: "/", status: 200 },
  { name: `/digest/${DIGEST_WEEK}`, path: `/digest/${DIGEST_WEEK}`, status: 200 },
  { name: "/topics/syria/feed.json", path: "/topics/syria/feed.json", status: 200 },
];

/** Runs one build in a fresh Node process (with tsx's loader), bounded in time. */
function buildInChild(input: BuildCaseInput, timeoutMs: number): Promise<BuildCaseResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), join(import.meta.dirname, "build-case.ts"), JSON.stringify(input)],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) resolvePromise(JSON.parse(line) as BuildCaseResult);
      else reject(new Error(`build case ${input.contentDir} failed (${signal ?? `exit ${code}`}):\n${err}${out}`));
    });
  });
}

/** A hash of every file under src/, so a result can be tied to the code it measured even in a dirty tree. */
async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const files = (await readdir(join(root, "src"), { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const f of files) hash.update(f).update(await readFile(f));
  return hash.digest("hex").slice(0, 12);
}

const tmp = await mkdtemp(join(tmpdir(), "dispatch-bench-"));
const say = (s: string) => console.log(s);
const sourceAtStart = await sourceFingerprint();
try {
  say(
    `Dispatch bench: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ` +
      `${new Date().toISOString()}, src/ ${sourceAtStart}, load average ${loadavg()[0]?.toFixed(2)}`,
  );

  // 1. The build, each case in its own process so its peak RSS is its own.
  // "feed": the seeds copied to a full feed, keeping their dates; this bundle is what the render and serve
  // sections use, so the feed rendered there and the feed served are the same bytes.
  const cases: { name: string; dir: string; count?: number; seedDates?: boolean }[] = [
    { name: "seed (content/)", dir: "seed" },
    { name: `${FEED_ENTRIES} seed copies, seed dates`, dir: "feed", count: FEED_ENTRIES, seedDates: true },
    { name: "synthetic 200", dir: "200", count: 200 },
    { name: "synthetic 1000", dir: "1000", count: 1000 },
  ];
  const builds: { name: string; result: BuildCaseResult }[] = [];
  let publish: PublishResult | undefined;
  /** What `npm run deploy` would upload after adding one article (the newest) to a built site. */
  async function publishOneMore(contentDir: string, outDir: string): Promise<PublishResult> {
    const names = (await readdir(contentDir)).sort();
    const newest = await readFile(join(contentDir, names[names.length - 1] ?? ""), "utf8");
    const date = "2023-01-01";
    await writeFile(
      join(contentDir, `${date}-one-more.txt`),
      newest.replace(/^date: .*$/m, `date: ${date}`).replace(/^slug: .*$/m, "slug: one-more"),
    );
    const nextDir = `${outDir}-plus-one`;
    process.stderr.write("building the same plus one article…\n");
    await buildInChild({ root, contentDir, outDir: nextDir }, 150_000);
    const entries = async (dir: string) =>
      JSON.parse(await readFile(join(dir, "kv.json"), "utf8")) as { key: string; value: string }[];
    const before = await entries(outDir);
    const after = await entries(nextDir);
    await rm(nextDir, { recursive: true, force: true });
    const had = new Set(before.map((e) => e.key));
    const upload = entriesToUpload(after, had);
    const bytes = (es: { value: string }[]) => es.reduce((n, e) => n + Buffer.byteLength(e.value), 0);
    return { entries: after.length, bytes: bytes(after), uploaded: upload.length, uploadedBytes: bytes(upload) };
  }
  // The index of each synthetic build, kept for timing planDigest at scale; the rest of the bundle is deleted.
  const bigIndexes: { name: string; index: SiteIndex }[] = [];
  for (const c of cases) {
    let contentDir = join(root, "content");
    if (c.count !== undefined) {
      contentDir = join(tmp, `content-${c.dir}`);
      await writeCorpus(join(root, "content"), contentDir, c.count, { seedDates: c.seedDates ?? false });
    }
    const outDir = join(tmp, `out-${c.dir}`);
    process.stderr.write(`building ${c.name}…\n`);
    const result = await buildInChild({ root, contentDir, outDir }, 150_000);
    builds.push({ name: c.name, result });
    if (c.count === 200) publish = await publishOneMore(contentDir, outDir);
    if (c.count !== undefined && c.count > FEED_ENTRIES) {
      const index = JSON.parse(await readFile(join(outDir, "index.json"), "utf8")) as SiteIndex;
      bigIndexes.push({ name: `${c.count}-article index`, index });
      // The big bundles are not read again; free the disk as we go.
      await rm(contentDir, { recursive: true, force: true });
      await rm(outDir, { recursive: true, force: true });
    }
  }
  say(
    table(
      "BUILD (one process per case; wall time of build() only, imports timed apart)",
      [
        "case",
        "articles",
        "routes",
        "KV MiB",
        "largest value",
        "build ms",
        "ms/article",
        "import ms",
        "RSS before MiB",
        "peak RSS MiB",
        "peak heap MiB",
        "GCs",
        "GC ms",
      ],
      builds.map(({ name, result: r }) => [
        name,
        fmt(r.articles),
        fmt(r.routes),
        mib(r.kvBytes),
        `${fmt(r.largestValueBytes / 1024)} KiB ${r.largestValueKey}`,
        fmt(r.buildMs),
        fmt(r.buildMs / r.articles, 1),
        fmt(r.importMs),
        mib(r.rssBeforeBytes),
        mib(r.peakRssBytes),
        mib(r.peakHeapBytes),
        fmt(r.gcCount),
        fmt(r.gcMs),
      ]),
    ),
  );
  const b200 = builds.find((b) => b.name === "synthetic 200")?.result;
  const b1000 = builds.find((b) => b.name === "synthetic 1000")?.result;
  if (b200 && b1000)
    say(
      `  200 → 1000 articles (5×): build time ${ratio(b1000.buildMs / b200.buildMs)}, KV bytes ${ratio(b1000.kvBytes / b200.kvBytes)}, ` +
        `peak RSS ${ratio(b1000.peakRssBytes / b200.peakRssBytes)}`,
    );

  if (publish) {
    say(
      `\nPUBLISH: adding one article to the 200-article site uploads ${fmt(publish.uploaded)} of ${fmt(publish.entries)} KV entries ` +
        `(${mib(publish.uploadedBytes)} of ${mib(publish.bytes)} MiB); the rest are already stored under their hashes.`,
    );
  }

  // 2. Render, from the records of the full-feed build.
  const served = await loadBundle(join(tmp, "out-feed"));
  const { articles } = served;
  const site = served.index.site;
  if (site.feedSize !== FEED_ENTRIES) say(`  note: site.feedSize is ${site.feedSize}, not ${FEED_ENTRIES}`);
  const heapBefore = heapAfterGc();
  const loop = { iterations: 2000, warmup: 100, maxMs: 2000 };
  const renders = [
    ...renderBench({ index: served.index, articles, week: DIGEST_WEEK, loop }),
    ...planBench([{ name: `${articles.length}-article index`, index: served.index }, ...bigIndexes], {
      iterations: 500,
      warmup: 5,
      maxMs: 2000,
    }),
  ];
  say(
    table(
      `RENDER in Node (the ${articles.length} records of the "${cases[1]?.name}" build: seed articles copied with new slugs and ids; ${loop.warmup} warm-up runs, then up to ${loop.iterations})`,
      ["render", "runs", "mean µs", "p50 µs", "p95 µs", "CPU µs/run", "KiB"],
      renders.map((r) => [
        r.name,
        fmt(r.timing.n),
        fmt(r.timing.meanUs),
        fmt(r.timing.p50Us),
        fmt(r.timing.p95Us),
        fmt(r.timing.cpuUs),
        Number.isFinite(r.bytes) ? fmt(r.bytes / 1024, 1) : "",
      ]),
    ),
  );

  // 3a. The Hono app in Node with an in-memory KV: the Worker's own per-request cost, without network or workerd.
  const nodeRows = await nodeServeBench(served.entries, served.version, ROUTES, { ...loop, maxMs: 1500 });
  const heapAfter = heapAfterGc();
  say(
    table(
      "SERVE in Node: app.fetch() with an in-memory KV, body read (no Cache API in Node, so ?limit=19 renders every time)",
      ["route", "runs", "mean µs", "p50 µs", "p95 µs", "CPU µs/run", "KiB"],
      nodeRows.map((r) => [
        r.route.name,
        fmt(r.timing.n),
        fmt(r.timing.meanUs),
        fmt(r.timing.p50Us),
        fmt(r.timing.p95Us),
        fmt(r.timing.cpuUs),
        fmt(r.bytes / 1024, 1),
      ]),
    ),
  );
  say(`  Node heap after GC: ${mib(heapBefore)} MiB before the render and serve loops, ${mib(heapAfter)} MiB after`);

  // 3b. The real Worker in workerd.
  process.stderr.write("starting wrangler dev…\n");
  let workerd: WorkerdResult | undefined;
  try {
    workerd = await workerdBench({
      root,
      tmp,
      entries: served.entries,
      version: served.version,
      routes: ROUTES,
      sequential: { iterations: 2000, warmup: 50, maxMs: 20_000 },
      concurrent: { requests: 2000, concurrency: 8, maxMs: 2500 },
      startMs: 60_000,
    });
    // The 304 does next to nothing in the Worker (tens of µs in Node), so its latency is the floor of this setup:
    // loopback, wrangler's proxy and workerd's dispatch. What a route adds above it is the Worker's own work.
    const floor = workerd.rows.find((r) => r.route.conditional)?.sequential.p50Us ?? Number.NaN;
    say(
      table(
        `SERVE from workerd (wrangler dev on 127.0.0.1, local KV; Node fetch over loopback, keep-alive; started in ${fmt(workerd.startMs)} ms;\n sequential: routes in turn, up to 2000 rounds after 50 warm-up; c8: 8 clients, up to 2000 requests per route)`,
        [
          "route",
          "first ms",
          "seq n",
          "p50 µs",
          "p50 over 304",
          "p95 µs",
          "req/s",
          "c8 n",
          "c8 p50 µs",
          "c8 p95 µs",
          "c8 req/s",
          "KiB",
        ],
        workerd.rows.map((r) => [
          r.route.name,
          fmt(r.firstUs / 1000, 1),
          fmt(r.sequential.n),
          fmt(r.sequential.p50Us),
          r.route.conditional ? "(floor)" : fmt(r.sequential.p50Us - floor),
          fmt(r.sequential.p95Us),
          fmt(r.sequential.rps),
          fmt(r.concurrent.n),
          fmt(r.concurrent.p50Us),
          fmt(r.concurrent.p95Us),
          fmt(r.concurrent.rps),
          fmt(r.bytes / 1024, 1),
        ]),
      ),
    );
    say(
      `  workerd RSS: ${mib(workerd.rssStartBytes)} MiB after start, ${mib(workerd.rssEndBytes)} MiB after ${fmt(workerd.requests)} requests ` +
        `(${fmt((workerd.rssEndBytes - workerd.rssStartBytes) / workerd.requests / 1024, 1)} KiB per request; high-water ${mib(workerd.peakRssBytes)} MiB)`,
    );
  } catch (e) {
    // The other sections stand on their own: print them, but fail the run so nobody mistakes it for complete.
    say(`\nSERVE from workerd: FAILED: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  }

  // 4. Headline: rendering a 20-entry Atom feed vs serving the same pre-rendered bytes.
  // Measured in interleaved blocks after workerd has stopped, so the ratio does not depend on which loop happened to
  // run while the shared machine was busy.
  const nodeLimit = nodeRows.find((r) => r.route.path === "/feed.atom?limit=19");
  const wdAtom = workerd?.rows.find((r) => r.route.path === "/feed.atom" && !r.route.conditional);
  const wdLimit = workerd?.rows.find((r) => r.route.path === "/feed.atom?limit=19");
  const scope = { kind: "site" } as const;
  const client = appClient(served.entries, served.version);
  const servedAtom = new TextDecoder().decode((await client.get("/feed.atom")).body);
  const same = servedAtom === renderFeed("atom", feedDocument({ site, scope, articles, format: "atom" }));
  const [warm, cold, serve] = await timeInterleaved(
    [
      () => renderFeed("atom", feedDocument({ site, scope, articles, format: "atom" })),
      () =>
        renderFeed("atom", feedDocument({ site, scope, articles: articles.map((a) => ({ ...a })), format: "atom" })),
      async () => (await client.get("/feed.atom")).body,
    ],
    { iterations: 2000, warmup: 50, maxMs: 6000, block: 50 },
  );
  if (!warm || !cold || !serve || !nodeLimit) throw new Error("a headline row is missing");
  const row = (label: string, t: Timing) =>
    `  ${label.padEnd(44)} p50 ${fmt(t.p50Us).padStart(6)} µs   mean ${fmt(t.meanUs).padStart(6)} µs   p95 ${fmt(t.p95Us).padStart(6)} µs`;
  const headline = [
    "",
    `HEADLINE: a ${FEED_ENTRIES}-entry Atom feed (${fmt(Buffer.byteLength(servedAtom) / 1024, 1)} KiB), rendered vs served ` +
      `pre-rendered, in Node, ${fmt(serve.n)} runs each in interleaved blocks of 50`,
    row("render, entries memoised (a warm isolate)", warm),
    row("render, entries made afresh", cold),
    row("serve the pre-rendered bytes (app.fetch)", serve),
    `  → rendering costs ${ratio(warm.p50Us / serve.p50Us)} serving (p50; ${ratio(warm.meanUs / serve.meanUs)} by mean); ` +
      `${ratio(cold.p50Us / serve.p50Us)} with entries made afresh`,
    `  the served bytes ${same ? "are identical to" : "DIFFER from"} a fresh render`,
    `  through the app, ?limit=19 rendered per request: p50 ${fmt(nodeLimit.timing.p50Us)} µs (table above)`,
    wdAtom && wdLimit
      ? `  in workerd: /feed.atom p50 ${fmt(wdAtom.sequential.p50Us)} µs; ?limit=19 first request ${fmt(wdLimit.firstUs)} µs ` +
        `(KV read + render), later ones from the Cache API p50 ${fmt(wdLimit.sequential.p50Us)} µs`
      : "  in workerd: no numbers (see above)",
  ];
  for (const line of headline) say(line);
  const totalS = (performance.now() - started) / 1000;
  // The machine may be shared: load from other work inflates every number, so say how busy it was.
  say(
    `\nBench finished in ${fmt(totalS, 1)} s; load average now ${loadavg()[0]?.toFixed(2)} on ${cpus().length} CPUs.`,
  );
  const sourceAtEnd = await sourceFingerprint();
  if (sourceAtEnd !== sourceAtStart)
    say(
      `  note: src/ changed during the run (${sourceAtStart} → ${sourceAtEnd}); sections may have measured different code`,
    );

  await mkdir(join(root, "dist"), { recursive: true });
  await writeFile(
    join(root, "dist/bench.json"),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        source: { atStart: sourceAtStart, atEnd: sourceAtEnd },
        loadAverageAtEnd: loadavg()[0],
        builds,
        publish,
        render: renders,
        nodeServe: nodeRows,
        nodeHeapAfterGc: { beforeBytes: heapBefore, afterBytes: heapAfter },
        workerd,
        headline: {
          renderWarm: warm,
          renderCold: cold,
          serveFromMemory: serve,
          renderOverServeP50: warm.p50Us / serve.p50Us,
          servedBytesIdentical: same,
        },
        totalSeconds: totalS,
      },
      null,
      2,
    )}\n`,
  );
  console.log("Results written to dist/bench.json");
} finally {
  await rm(tmp, { recursive: true, force: true });
}
