// Timing loops bounded by count and by time, percentiles, and the plain-text tables the bench prints.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full GC before each timed loop, so one loop's garbage is not collected on the next one's clock.
setFlagsFromString("--expose-gc");
export const gc = runInNewContext("gc") as () => void;

export interface Timing {
  /** Timed runs (warm-up excluded); fewer than asked when the time bound cut the loop short. */
  n: number;
  meanUs: number;
  p50Us: number;
  p95Us: number;
  maxUs: number;
  /** Process CPU (user + system) per run: on one thread it tracks wall time unless GC or I/O threads add to it. */
  cpuUs: number;
}

export interface LoopOptions {
  iterations: number;
  warmup: number;
  /** Wall-clock bound on the timed runs, so a slow path cannot stall the whole bench. */
  maxMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function summarize(samplesUs: number[], cpuUs = Number.NaN): Timing {
  const sorted = samplesUs.slice().sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    meanUs: sum / sorted.length,
    p50Us: percentile(sorted, 50),
    p95Us: percentile(sorted, 95),
    maxUs: sorted[sorted.length - 1] ?? Number.NaN,
    cpuUs: cpuUs / sorted.length,
  };
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Times a synchronous function: warm-up first (so the JIT has settled), then each run on its own. */
export function timeSync(fn: () => unknown, { iterations, warmup, maxMs }: LoopOptions): Timing {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink ^= touch(fn());
  gc();
  const samples: number[] = [];
  const cpu0 = cpuNow();
  const end = performance.now() + maxMs;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    sink ^= touch(fn());
    const e = performance.now();
    samples.push((e - t) * 1000);
    if (e > end) break;
  }
  const cpu = cpuNow() - cpu0;
  if (sink === 0.5) console.log(sink); // never true: keeps the results alive so the work is not optimised away
  return summarize(samples, cpu);
}

/** Times an async function run after run (no overlap). */
export async function timeAsync(fn: () => Promise<unknown>, { iterations, warmup, maxMs }: LoopOptions) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink ^= touch(await fn());
  gc();
  const samples: number[] = [];
  const cpu0 = cpuNow();
  const end = performance.now() + maxMs;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    sink ^= touch(await fn());
    const e = performance.now();
    samples.push((e - t) * 1000);
    if (e > end) break;
  }
  const cpu = cpuNow() - cpu0;
  if (sink === 0.5) console.log(sink);
  return summarize(samples, cpu);
}

/**
 * Times several functions in rounds: each round runs each function `block` times in a row. Blocks keep each function
 * in its own steady state (its caches, its garbage), and rounds spread all of them over the same stretch of time, so
 * a ratio between them does not depend on load that came and went on a shared machine.
 */
export async function timeInterleaved(
  fns: readonly (() => unknown)[],
  { iterations, warmup, maxMs, block }: LoopOptions & { block: number },
): Promise<Timing[]> {
  let sink = 0;
  for (const fn of fns) for (let i = 0; i < warmup; i++) sink ^= touch(await fn());
  gc();
  const samples = fns.map(() => [] as number[]);
  const cpu = fns.map(() => 0);
  const end = performance.now() + maxMs;
  for (let done = 0; done < iterations && performance.now() < end; done += block) {
    for (const [k, fn] of fns.entries()) {
      const c = cpuNow();
      for (let i = 0; i < block; i++) {
        const t = performance.now();
        sink ^= touch(await fn());
        samples[k]?.push((performance.now() - t) * 1000);
      }
      (cpu[k] as number) += cpuNow() - c;
    }
  }
  if (sink === 0.5) console.log(sink);
  return samples.map((s, k) => summarize(s, cpu[k]));
}

function touch(v: unknown): number {
  return typeof v === "string" ? v.length : v ? 1 : 0;
}

// Formatting -------------------------------------------------------------------------------------------------------

export const fmt = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
export const mib = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
export const ratio = (x: number) => (Number.isFinite(x) ? `${fmt(x, x < 10 ? 1 : 0)}×` : "–");

/** A table with a header row, numbers right-aligned (any cell that starts with a digit, sign or dash). */
export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = (s: string) => /^[-+–\d.]/.test(s);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [`\n${title}`, line(header), rule, ...rows.map(line)].join("\n");
}
