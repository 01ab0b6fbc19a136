// `npm run bench [-- --articles seeds,1000,10000] [--seconds 3] [--rounds 3]`: build, publish and serving costs at
// each size, against Hugo on the same corpus and a constant-bytes Worker in the same workerd; tables on stdout,
// everything in .cache/bench/last.json.
import { execFileSync } from "node:child_process";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BuildSummary } from "../src/build/build.js";
import { versionValues } from "../src/publish/publish.js";
import type { BuildCaseInput } from "./build-case.js";
import { corpusArticle, writeCorpus } from "./corpus.js";
import { type Measured, run } from "./measure.js";
import {
  type Bundle,
  bundleWorker,
  type Canned,
  cannedFrom,
  get,
  kvReads,
  type ServedWorker,
  startKv,
  startServe,
  type Workerd,
  writeKvDirectory,
  wrk,
} from "./serve.js";
import { fmt, mib, ratio, table } from "./stats.js";

const root = resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "seeds,1000,10000" },
    seconds: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
  },
});
const sizes = (args.articles ?? "").split(",").map((s) => (s === "seeds" ? 0 : Number(s.replaceAll("_", ""))));
if (sizes.some((n) => !Number.isInteger(n) || n < 0))
  throw new Error(`--articles: sizes or "seeds", not ${args.articles}`);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const label = (n: number) => (n === 0 ? "seeds" : fmt(n));
const say = (s: string) => console.log(s);
const note = (s: string) => process.stderr.write(`· ${s}\n`);

/** Free plan, from Cloudflare's documented limits: writes a day and bytes a namespace. */
const FREE_WRITES_A_DAY = 1000;
const FREE_NAMESPACE_BYTES = 1024 ** 3;
/** Writes a publish makes besides values: the version record and the lock (the lock is also one delete). */
const RECORD_AND_LOCK_WRITES = 2;

const hugo = (() => {
  try {
    return execFileSync("hugo", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
})();
const now = Date.now();
const tmp = await mkdtemp(join(tmpdir(), "dispatch-bench-"));
const node = process.execPath;
const tsx = import.meta.resolve("tsx");

interface DispatchBuild extends Measured {
  summary: BuildSummary;
  buildMs: number;
}

async function dispatchBuild(contentDir: string, outDir: string, cacheDir: string): Promise<DispatchBuild> {
  const input: BuildCaseInput = { root, contentDir, outDir, cacheDir, now };
  const m = await run(node, ["--import", tsx, join(import.meta.dirname, "build-case.ts"), JSON.stringify(input)], {
    cwd: root,
    timeoutMs: 3_600_000,
  });
  const line = m.stdout.trim().split("\n").pop() ?? "";
  const { summary, buildMs } = JSON.parse(line) as { summary: BuildSummary; buildMs: number };
  return { ...m, summary, buildMs };
}

/** Hugo on the same files; killed past 16 GiB, which at 100,000 articles with full feeds it may reach. */
async function hugoBuild(contentDir: string, outDir: string): Promise<Measured | string> {
  try {
    return await run(
      "hugo",
      ["--source", join(root, "bench/hugo"), "--contentDir", contentDir, "--destination", outDir, "--quiet"],
      {
        cwd: root,
        timeoutMs: 3_600_000,
        rssLimitBytes: 16 * 1024 ** 3,
        env: { ...process.env, HUGO_CACHEDIR: join(tmp, "hugo-cache") },
      },
    );
  } catch (e) {
    return e instanceof Error ? (e.message.split("\n")[0] ?? "failed") : "failed";
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const valueSet = async (distDir: string) => new Map(await versionValues(distDir));

interface Publish {
  change: string;
  wallMs: number;
  buildMs: number;
  filesRead: number;
  values: number;
  bytes: number;
}

/** What a change makes a publish upload: values the new version names that the previous one did not. */
async function publishAfter(
  change: string,
  contentDir: string,
  distDir: string,
  cacheDir: string,
  edit: () => Promise<void>,
): Promise<Publish> {
  const before = await valueSet(distDir);
  await edit();
  const b = await dispatchBuild(contentDir, distDir, cacheDir);
  const after = await valueSet(distDir);
  let values = 0;
  let bytes = 0;
  for (const [hash, size] of after)
    if (!before.has(hash)) {
      values++;
      bytes += size;
    }
  return { change, wallMs: b.wallMs, buildMs: b.buildMs, filesRead: b.summary.filesRead, values, bytes };
}

/** A new article for the corpus, dated `date`, with a title no other article has. */
function extraArticle(date: string, name: string): { file: string; source: string } {
  const { source } = corpusArticle(7, 10);
  return {
    file: `${date.slice(0, 10)}-${name}.md`,
    source: source
      .replace(/^title: .*$/m, `title: "The ${name.replaceAll("-", " ")} story"`)
      .replace(/^date: .*$/m, `date: ${date}`),
  };
}

async function newestDate(contentDir: string): Promise<string> {
  let newest = "";
  for (const name of await readdir(contentDir)) {
    const date = /^date: (.*)$/m.exec(await readFile(join(contentDir, name), "utf8"))?.[1]?.trim() ?? "";
    if (date > newest) newest = date;
  }
  return newest;
}

// Serving ---------------------------------------------------------------------------------------------------------

interface RouteCase {
  name: string;
  path: string;
  /** Send the ETag of the first answer back: a 304. */
  conditional?: boolean;
  /** Measured for throughput (the issue's routes); the rest only cold. */
  throughput: boolean;
  /** Rendered or assembled on the first request, not stored whole: held to 0.8× rather than 0.9×. */
  onRequest?: boolean;
}

function routeCases(routes: Record<string, unknown>): RouteCase[] {
  const paths = Object.keys(routes);
  const first = (re: RegExp) => paths.filter((p) => re.test(p)).sort()[0];
  const last = (re: RegExp) =>
    paths
      .filter((p) => re.test(p))
      .sort()
      .pop();
  const topicFeed = paths.includes("/topics/politics/feed.atom")
    ? "/topics/politics/feed.atom"
    : first(/^\/topics\/[^/]+\/feed\.atom$/);
  const article = first(/^\/articles\/[^/]+$/);
  const week = last(/^\/digest\/\d{4}-W\d\d$/);
  const archive = first(/^\/feed\/archive\/[^/]+\/\d+\.atom$/);
  const author = first(/^\/authors\/[^/]+$/);
  const cases: (RouteCase | false)[] = [
    { name: "/feed.atom", path: "/feed.atom", throughput: true },
    !!topicFeed && { name: "topic feed", path: topicFeed, throughput: true },
    !!article && { name: "article page", path: article, throughput: true },
    { name: "/ (home)", path: "/", throughput: true },
    !!week && { name: "/digest/{week}", path: week, throughput: true, onRequest: false },
    { name: "/feed.atom?limit=50", path: "/feed.atom?limit=50", throughput: true, onRequest: true },
    { name: "304 (/feed.atom)", path: "/feed.atom", conditional: true, throughput: true },
    !!archive && { name: "site archive page", path: archive, throughput: false },
    { name: "/digest/feed.atom", path: "/digest/feed.atom", throughput: false },
    !!author && { name: "author page", path: author, throughput: false },
    !!author && { name: "author feed (rendered)", path: `${author}/feed.atom`, throughput: false, onRequest: true },
    { name: "missing article (404)", path: "/articles/no-such-article", throughput: false },
    // Routing cost must not grow with the path: a long path against the short 404 above (issue 16). 15,000
    // characters: workerd answers a longer request line with 414 before the Worker runs, and Cloudflare's URL
    // limit is 16 KB (https://developers.cloudflare.com/workers/platform/limits/#request-limits).
    { name: "15,000-character path (404)", path: `/topics/${"x".repeat(15_000)}`, throughput: false },
  ];
  return cases.filter((c): c is RouteCase => c !== false);
}

interface Cold {
  route: string;
  path: string;
  status: number;
  /** workerd's process CPU for the first request on a fresh isolate, and KV operations and keys it read. */
  coldCpuMs: number;
  coldReads: number;
  coldKeys: number;
  /** The floor Worker (Hono, the same single KV reads, the same bytes back) on its own fresh isolate. */
  floorCpuMs: number;
  /** The same route again on that isolate. */
  repeatCpuMs: number;
  repeatReads: number;
  /** On an isolate that has served another route of another part of the site first. */
  warmCpuMs: number;
  warmReads: number;
}

interface Throughput {
  route: string;
  path: string;
  bytes: number;
  dispatchRps: number[];
  constantRps: number[];
  ratio: number;
  target: number;
  non2xx: number;
}

interface ServeResult {
  cold: Cold[];
  throughput: Throughput[];
  startupCpuMs: number;
  rssAfterBytes: number;
}

let nextPort = 18_700;
const port = () => nextPort++;
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

interface Bundles {
  dispatch: Bundle;
  constant: Bundle;
  floor: Bundle;
}

/** One request with the process CPU it cost and the KV reads it made. */
async function measured(w: Workerd, port: number, kvPort: number, path: string, headers: Record<string, string> = {}) {
  await kvReads(kvPort, true);
  const cpu0 = w.cpuNs();
  const answer = await get(port, path, headers);
  const cpuMs = (w.cpuNs() - cpu0) / 1e6;
  const reads = await kvReads(kvPort);
  return { answer, cpuMs, reads };
}

async function serve(distDir: string, bundles: Bundles, dir: string): Promise<ServeResult> {
  const kvDir = join(dir, "kv");
  note(`writing ${distDir}/kv into a KV directory`);
  await writeKvDirectory(distDir, kvDir);
  const head = (await readFile(join(distDir, "version.txt"), "utf8")).trim();
  const cases = routeCases(JSON.parse(await readFile(join(distDir, "routes.json"), "utf8")) as Record<string, unknown>);
  const kvPort = port();
  await mkdir(join(dir, "kv-process"), { recursive: true });
  const kv = await startKv(join(dir, "kv-process"), kvDir, kvPort);
  const dispatchWorker = (p: number): ServedWorker => ({
    name: "dispatch",
    bundle: bundles.dispatch,
    port: p,
    kv: true,
    text: { CONTENT_VERSION: head },
  });
  /** A fresh workerd process, so every isolate in it is cold. */
  const fresh = async (workers: ServedWorker[]) => {
    const d = join(dir, `serve-${nextPort}`);
    await mkdir(d, { recursive: true });
    return startServe(d, kvPort, workers);
  };
  try {
    // Cold: each route first on a fresh isolate, then again; then on another isolate after another route; then the
    // floor Worker making the same single reads on its own fresh isolate.
    const cold: Cold[] = [];
    let startupCpuMs = 0;
    const etag = new Map<string, string>();
    for (const c of cases) {
      const headers: Record<string, string> = c.conditional ? { "If-None-Match": etag.get(c.path) ?? "" } : {};
      const p = port();
      const a = await fresh([dispatchWorker(p)]);
      let first: Awaited<ReturnType<typeof measured>>;
      let repeat: Awaited<ReturnType<typeof measured>>;
      try {
        startupCpuMs = Math.max(startupCpuMs, a.cpuNs() / 1e6);
        first = await measured(a, p, kvPort, c.path, headers);
        if (first.answer.headers.etag) etag.set(c.path, first.answer.headers.etag);
        repeat = await measured(a, p, kvPort, c.path, headers);
      } finally {
        await a.stop();
      }
      const q = port();
      const b = await fresh([dispatchWorker(q)]);
      let warm: Awaited<ReturnType<typeof measured>>;
      try {
        await get(q, c.path === "/topics" ? "/" : "/topics");
        warm = await measured(b, q, kvPort, c.path, headers);
      } finally {
        await b.stop();
      }
      let floorCpuMs = Number.NaN;
      if (first.reads.gets.length === first.reads.operations) {
        const f = port();
        const floor = await fresh([{ name: "floor", bundle: bundles.floor, port: f, kv: true }]);
        try {
          const query = first.reads.gets.map((k) => `key=${encodeURIComponent(k)}`).join("&");
          // The same path, so the floor pays what workerd itself pays for the request line (a 15,000-character
          // path is parsed, and its URL built, whatever Worker answers it).
          floorCpuMs = (await measured(floor, f, kvPort, `${c.path.split("?")[0]}?${query}`)).cpuMs;
        } finally {
          await floor.stop();
        }
      }
      cold.push({
        route: c.name,
        path: c.path,
        status: first.answer.status,
        coldCpuMs: first.cpuMs,
        coldReads: first.reads.operations,
        coldKeys: first.reads.keys,
        floorCpuMs,
        repeatCpuMs: repeat.cpuMs,
        repeatReads: repeat.reads.operations,
        warmCpuMs: warm.cpuMs,
        warmReads: warm.reads.operations,
      });
    }

    // Throughput: capture Dispatch's answers, can them into the constant Worker, then alternate wrk runs.
    const measuredCases = cases.filter((c) => c.throughput);
    const responses: Record<string, Canned> = {};
    const sizes = new Map<string, number>();
    const capturePort = port();
    const capture = await fresh([dispatchWorker(capturePort)]);
    try {
      for (const c of measuredCases) {
        const headers: Record<string, string> = c.conditional ? { "If-None-Match": etag.get(c.path) ?? "" } : {};
        const answer = await get(capturePort, c.path, headers);
        responses[c.conditional ? `304 ${c.path}` : c.path] = cannedFrom(answer);
        sizes.set(c.name, answer.body.length);
      }
    } finally {
      await capture.stop();
    }
    const dispatchPort = port();
    const constantPort = port();
    const both = await fresh([
      dispatchWorker(dispatchPort),
      { name: "constant", bundle: bundles.constant, port: constantPort, json: { RESPONSES: responses } },
    ]);
    const throughput: Throughput[] = [];
    try {
      for (const c of measuredCases) {
        const headers: Record<string, string> = c.conditional ? { "If-None-Match": etag.get(c.path) ?? "" } : {};
        // The first request of each on this isolate, outside the timing.
        await get(dispatchPort, c.path, headers);
        await get(constantPort, c.path, headers);
        const row: Throughput = {
          route: c.name,
          path: c.path,
          bytes: sizes.get(c.name) ?? 0,
          dispatchRps: [],
          constantRps: [],
          ratio: 0,
          target: c.onRequest ? 0.8 : 0.9,
          non2xx: 0,
        };
        for (let r = 0; r < rounds; r++) {
          // Alternate which goes first, so neither always runs on a machine the other just warmed.
          const order = r % 2 ? (["constant", "dispatch"] as const) : (["dispatch", "constant"] as const);
          for (const who of order) {
            const result = await wrk(who === "dispatch" ? dispatchPort : constantPort, c.path, headers, seconds);
            row.non2xx += result.non2xx;
            (who === "dispatch" ? row.dispatchRps : row.constantRps).push(result.rps);
          }
        }
        row.ratio = median(row.dispatchRps.map((d, i) => d / (row.constantRps[i] as number)));
        throughput.push(row);
      }
      return { cold, throughput, startupCpuMs, rssAfterBytes: both.rssBytes() };
    } finally {
      await both.stop();
    }
  } finally {
    await kv.stop();
    await rm(kvDir, { recursive: true, force: true });
  }
}

// The run -------------------------------------------------------------------------------------------------------

interface SizeResult {
  articles: number;
  label: string;
  hugo?: Measured | string;
  cold: DispatchBuild;
  unchanged: { wallMs: number; buildMs: number };
  publishes: Publish[];
  serve?: ServeResult;
}

const results: SizeResult[] = [];
try {
  say(
    `Dispatch bench: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${mib(totalmem())} MiB, ` +
      `${new Date(now).toISOString()}, load average ${loadavg()[0]?.toFixed(2)}; ${hugo ?? "Hugo not installed (apt-get install hugo)"}`,
  );
  note("bundling the Worker and the constant Worker with wrangler deploy --dry-run");
  const dispatch = await bundleWorker(join(root, "wrangler.toml"), join(tmp, "bundle-dispatch"));
  const constant = await bundleWorker(join(root, "bench/workerd/constant.toml"), join(tmp, "bundle-constant"));
  const floor = await bundleWorker(join(root, "bench/workerd/floor.toml"), join(tmp, "bundle-floor"));
  say(
    `Worker bundle (wrangler deploy --dry-run): ${fmt(dispatch.bytes / 1024)} KiB, ${fmt(dispatch.gzipBytes / 1024)} KiB gzipped ` +
      `(Free plan: 3 MiB gzipped); the constant Worker ${fmt(constant.gzipBytes / 1024)} KiB gzipped`,
  );

  for (const n of sizes) {
    const dir = join(tmp, `size-${n}`);
    const contentDir = join(dir, "content");
    if (n === 0) await cp(join(root, "content"), contentDir, { recursive: true });
    else {
      note(`writing a ${fmt(n)}-article corpus`);
      await writeCorpus(contentDir, n);
    }
    const articles = (await readdir(contentDir)).length;
    let hugoResult: Measured | string | undefined;
    if (hugo && n > 0) {
      note(`Hugo: ${fmt(n)} articles`);
      hugoResult = await hugoBuild(contentDir, join(dir, "hugo-out"));
    }
    const distDir = join(dir, "dist");
    const cacheDir = join(dir, "cache");
    note(`Dispatch: ${label(n)} from cold`);
    const cold = await dispatchBuild(contentDir, distDir, cacheDir);
    note(`Dispatch: ${label(n)} again, nothing changed`);
    const again = await dispatchBuild(contentDir, distDir, cacheDir);
    const names = (await readdir(contentDir)).sort();
    const middle = names[Math.floor(names.length / 2)] as string;
    const newest = await newestDate(contentDir);
    const publishes: Publish[] = [];
    note(`Dispatch: ${label(n)} after editing one article`);
    publishes.push(
      await publishAfter("edit one article's body", contentDir, distDir, cacheDir, () =>
        appendFile(join(contentDir, middle), "\nA correction was appended to this article.\n"),
      ),
    );
    const next = new Date(Date.parse(newest) + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    note(`Dispatch: ${label(n)} plus one new article`);
    publishes.push(
      await publishAfter("add one new article", contentDir, distDir, cacheDir, async () => {
        const a = extraArticle(next, "newest-addition");
        await writeFile(join(contentDir, a.file), a.source);
      }),
    );
    const middleDate = /^date: (.*)$/m.exec(await readFile(join(contentDir, middle), "utf8"))?.[1]?.trim() ?? newest;
    const backDate = new Date(Date.parse(middleDate) + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    note(`Dispatch: ${label(n)} plus one back-dated article`);
    publishes.push(
      await publishAfter("add one back-dated article", contentDir, distDir, cacheDir, async () => {
        const a = extraArticle(backDate, "back-dated-addition");
        await writeFile(join(contentDir, a.file), a.source);
      }),
    );
    const result: SizeResult = {
      articles,
      label: label(n),
      ...(hugoResult ? { hugo: hugoResult } : {}),
      cold,
      unchanged: { wallMs: again.wallMs, buildMs: again.buildMs },
      publishes,
    };
    results.push(result);
    await rm(join(dir, "content"), { recursive: true, force: true });
    note(`serving ${label(n)} in bare workerd`);
    result.serve = await serve(distDir, { dispatch, constant, floor }, dir);
    await rm(dir, { recursive: true, force: true });
    report(result);
  }
  summaryTables();
} finally {
  await mkdir(join(root, ".cache/bench"), { recursive: true });
  await writeFile(
    join(root, ".cache/bench/last.json"),
    `${JSON.stringify({ at: new Date(now).toISOString(), node: process.version, hugo, sizes: results }, null, 2)}\n`,
  );
  await rm(tmp, { recursive: true, force: true });
  say("\nEverything measured is in .cache/bench/last.json");
}

function report(r: SizeResult) {
  const s = r.serve;
  if (!s) return;
  say(
    table(
      `COLD ISOLATES, ${r.label} articles: workerd's process CPU for one request (HTTP, KV subrequests and V8's first ` +
        `compiles included), and the KV operations (keys) it made. Start-up before it: ${fmt(s.startupCpuMs, 1)} ms.\n` +
        "floor: a minimal Hono Worker making the same KV reads for the same path on its own cold isolate",
      [
        "route",
        "status",
        "first CPU ms",
        "floor ms",
        "over floor",
        "first reads",
        "repeat CPU ms",
        "repeat reads",
        "warm CPU ms",
        "warm reads",
      ],
      s.cold.map((c) => [
        `${c.route} ${c.path.length < 48 ? c.path : `${c.path.slice(0, 45)}…`}`,
        String(c.status),
        fmt(c.coldCpuMs, 2),
        fmt(c.floorCpuMs, 2),
        fmt(c.coldCpuMs - c.floorCpuMs, 2),
        `${c.coldReads}${c.coldKeys !== c.coldReads ? ` (${c.coldKeys})` : ""}`,
        fmt(c.repeatCpuMs, 2),
        String(c.repeatReads),
        fmt(c.warmCpuMs, 2),
        String(c.warmReads),
      ]),
    ),
  );
  say(
    table(
      `SERVING, ${r.label} articles: wrk -t2 -c32, ${seconds} s × ${rounds} rounds each, bare workerd; ratio = median of ` +
        "Dispatch ÷ the constant Worker (same bytes and headers) per round",
      ["route", "KiB", "Dispatch req/s", "constant req/s", "ratio", "target", ""],
      s.throughput.map((t) => [
        t.route,
        fmt(t.bytes / 1024, 1),
        fmt(median(t.dispatchRps)),
        fmt(median(t.constantRps)),
        fmt(t.ratio, 2),
        `≥ ${t.target}`,
        t.ratio >= t.target ? "ok" : "BELOW",
      ]),
    ),
  );
}

function summaryTables() {
  say(
    table(
      "BUILD from cold (wall time of the whole process, peak RSS of its process tree) against Hugo on the same files",
      [
        "articles",
        "Dispatch s",
        "peak RSS MiB",
        "Hugo s",
        "Hugo RSS MiB",
        "time ×Hugo",
        "unchanged s",
        "read s",
        "render s",
        "layout s",
        "write s",
      ],
      results.map((r) => {
        const h = typeof r.hugo === "object" ? r.hugo : undefined;
        return [
          r.label,
          fmt(r.cold.wallMs / 1000, 1),
          mib(r.cold.peakRssBytes),
          h ? fmt(h.wallMs / 1000, 1) : typeof r.hugo === "string" ? r.hugo : "–",
          h ? mib(h.peakRssBytes) : "–",
          h ? ratio(r.cold.wallMs / h.wallMs) : "–",
          fmt(r.unchanged.wallMs / 1000, 1),
          fmt(r.cold.summary.stages.read / 1000, 1),
          fmt(r.cold.summary.stages.render / 1000, 1),
          fmt(r.cold.summary.stages.layout / 1000, 1),
          fmt(r.cold.summary.stages.write / 1000, 1),
        ];
      }),
    ),
  );
  say(
    table(
      "KV (a first publish writes every value, plus the version record and the lock)",
      [
        "articles",
        "values",
        "MiB",
        "KiB/article",
        "largest value",
        "shards",
        "largest shard KiB",
        "writes",
        "Free-plan days",
        "of 1 GB",
      ],
      results.map((r) => {
        const s = r.cold.summary;
        const writes = s.values + RECORD_AND_LOCK_WRITES;
        return [
          r.label,
          fmt(s.values),
          mib(s.bytes),
          fmt(s.bytes / Math.max(1, s.articles) / 1024, 1),
          `${fmt(s.largestValue.bytes / 1024)} KiB ${s.largestValue.path}`,
          fmt(s.shards),
          fmt(s.largestShard / 1024, 1),
          fmt(writes),
          fmt(Math.ceil(writes / FREE_WRITES_A_DAY)),
          `${fmt((100 * s.bytes) / FREE_NAMESPACE_BYTES, 1)}%`,
        ];
      }),
    ),
  );
  say(
    table(
      "PUBLISH: rebuild after one change (whole process; build() alone), and the new values a publish uploads (+ the record and the lock: 2 writes)",
      ["articles", "change", "rebuild s", "build() s", "files read", "values", "KiB"],
      results.flatMap((r) =>
        r.publishes.map((p) => [
          r.label,
          p.change,
          fmt(p.wallMs / 1000, 2),
          fmt(p.buildMs / 1000, 2),
          fmt(p.filesRead),
          fmt(p.values),
          fmt(p.bytes / 1024),
        ]),
      ),
    ),
  );
  say(
    table(
      "COLD FIRST REQUEST, worst route per size (target ≤ 2 KV reads, ≤ 5 ms CPU; warm ≤ 1 read; repeat 0)",
      [
        "articles",
        "max first CPU ms",
        "max over floor",
        "max first reads",
        "max warm reads",
        "max repeat reads",
        "min serving ratio",
      ],
      results.map((r) => {
        const c = r.serve?.cold ?? [];
        const t = r.serve?.throughput ?? [];
        return [
          r.label,
          fmt(Math.max(...c.map((x) => x.coldCpuMs)), 2),
          fmt(Math.max(...c.filter((x) => Number.isFinite(x.floorCpuMs)).map((x) => x.coldCpuMs - x.floorCpuMs)), 2),
          fmt(Math.max(...c.map((x) => x.coldReads))),
          fmt(Math.max(...c.map((x) => x.warmReads))),
          fmt(Math.max(...c.map((x) => x.repeatReads))),
          fmt(Math.min(...t.map((x) => x.ratio)), 2),
        ];
      }),
    ),
  );
}
