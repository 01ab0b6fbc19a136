// One build in a fresh process (spawned by bench/run.ts), so peak RSS belongs to this case alone; prints one JSON line.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { GCProfiler } from "node:v8";

export interface BuildCaseInput {
  root: string;
  contentDir: string;
  outDir: string;
}

export interface BuildCaseResult {
  articles: number;
  routes: number;
  kvEntries: number;
  kvBytes: number;
  /** The largest single KV value: Workers KV caps a value at 25 MiB, so this is the one that would hit the wall first. */
  largestValueBytes: number;
  largestValueKey: string;
  /** Importing the build's module graph (zod, yaml, marked, compromise…), before any article is read. */
  importMs: number;
  buildMs: number;
  /** Resident set after the imports, before building: the floor the build's own memory sits on. */
  rssBeforeBytes: number;
  /** getrusage ru_maxrss: the process's peak resident set, imports included. */
  peakRssBytes: number;
  /** Largest used V8 heap seen: just before any GC during the build, or at its end. */
  peakHeapBytes: number;
  heapAfterBytes: number;
  gcCount: number;
  gcMs: number;
}

const input = JSON.parse(process.argv[2] ?? "") as BuildCaseInput;

const t0 = performance.now();
const { build } = await import("../src/build/build.js");
const importMs = performance.now() - t0;
const rssBeforeBytes = process.memoryUsage.rss();

// GCProfiler sees the heap at each collection, where it peaks; sampling on a timer would miss the synchronous render.
const profiler = new GCProfiler();
profiler.start();
const t1 = performance.now();
const { bundle } = await build({ root: input.root, contentDir: input.contentDir, outDir: input.outDir });
const buildMs = performance.now() - t1;
const gc = profiler.stop();
const heapAfterBytes = process.memoryUsage().heapUsed;

let peakHeapBytes = heapAfterBytes;
let gcCost = 0;
for (const s of gc?.statistics ?? []) {
  peakHeapBytes = Math.max(peakHeapBytes, s.beforeGC.heapStatistics.usedHeapSize);
  gcCost += s.cost;
}

let largest = { key: "", bytes: 0 };
for (const e of bundle.entries) {
  const bytes = Buffer.byteLength(e.value);
  if (bytes > largest.bytes) largest = { key: e.key, bytes };
}
const kv = join(input.outDir, "kv.json");
const result: BuildCaseResult = {
  articles: bundle.index.articles.length,
  routes: Object.keys(bundle.index.routes).length,
  kvEntries: bundle.entries.length,
  kvBytes: (await stat(kv)).size,
  largestValueBytes: largest.bytes,
  largestValueKey: largest.key.replace(`v/${bundle.version}/`, ""),
  importMs,
  buildMs,
  rssBeforeBytes,
  // Linux reports ru_maxrss in KiB.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  peakHeapBytes,
  heapAfterBytes,
  gcCount: gc?.statistics.length ?? 0,
  // GCProfiler reports cost in microseconds.
  gcMs: gcCost / 1000,
};
// Sanity: the bundle on disk is the one built, so the serving bench reads what this case measured.
if (!(await readFile(join(input.outDir, "version.txt"), "utf8")).startsWith(bundle.version))
  throw new Error("version.txt does not match the bundle built");
process.stdout.write(`${JSON.stringify(result)}\n`);
