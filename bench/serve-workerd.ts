// The real Worker in workerd (`wrangler dev`, local KV under a temp dir), measured with Node's fetch over loopback.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { KvEntry } from "../src/build/bundle.js";
import type { RouteCase } from "./serve-node.js";
import { summarize, type Timing } from "./stats.js";

/** The only address the bench connects to. */
const HOST = "127.0.0.1";

export interface WorkerdOptions {
  root: string;
  tmp: string;
  entries: readonly KvEntry[];
  version: string;
  routes: readonly RouteCase[];
  /** Rounds over all routes; maxMs bounds the timed rounds together. */
  sequential: { iterations: number; warmup: number; maxMs: number };
  concurrent: { requests: number; concurrency: number; maxMs: number };
  /** Bound on wrangler's start (bundling, workerd boot). */
  startMs: number;
}

export interface WorkerdRow {
  route: RouteCase;
  /** The very first request to this route: a KV read, or a render, before anything is memoised. */
  firstUs: number;
  sequential: Timing & { rps: number };
  concurrent: Timing & { rps: number; concurrency: number };
  bytes: number;
}

export interface WorkerdResult {
  rows: WorkerdRow[];
  startMs: number;
  /**
   * Resident set of the workerd processes (wrangler runs two) once the index is loaded, and at the end. Under
   * `wrangler dev` even a hello-world Worker grows with every request, so compare growth per request, not totals.
   */
  rssStartBytes: number;
  rssEndBytes: number;
  peakRssBytes: number;
  /** Requests made, warm-up and first requests included: RSS growth divided by this is the cost per request. */
  requests: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, HOST, () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}`));
    });
  });
}

/** RSS (current and high-water) of the workerd processes in the process group `pgid`, from /proc. */
async function workerdMemory(pgid: number): Promise<{ rss: number; hwm: number }> {
  let rss = 0;
  let hwm = 0;
  for (const pid of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the parenthesised command name: state, ppid, pgrp, …
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const pgrp = Number(stat.slice(close + 2).split(" ")[2]);
      if (pgrp !== pgid || !comm.startsWith("workerd")) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      hwm += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // The process ended between readdir and read.
    }
  }
  return { rss, hwm };
}

/** Starts `wrangler dev` in its own process group and resolves once it answers; the caller must call stop(). */
async function startWrangler(
  o: WorkerdOptions,
  wrangler: string,
  config: string,
  script: string,
  persist: string,
  env: NodeJS.ProcessEnv,
) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    "dev",
    script,
    "--no-bundle",
    "--config",
    config,
    "--persist-to",
    persist,
    "--tsconfig",
    join(o.root, "tsconfig.json"),
    "--ip",
    HOST,
    "--port",
    String(port),
    "--inspector-ip",
    HOST,
    "--inspector-port",
    String(inspectorPort),
    "--var",
    `CONTENT_VERSION:${o.version}`,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ];
  // detached: wrangler gets its own process group, so stop() ends wrangler and its workerd children and nothing else.
  const child: ChildProcess = spawn(wrangler, args, {
    cwd: o.tmp,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pgid = child.pid ?? 0;
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (pgid) process.kill(-pgid, signal);
    } catch {
      // Already gone.
    }
  };
  // If the bench dies (an exception, Ctrl-C), never leave workerd behind: a detached group gets no terminal signals.
  const onExit = () => kill("SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => {
    kill("SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("exit", onExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const stop = async () => {
    kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    kill("SIGKILL");
    process.removeListener("exit", onExit);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };
  const base = `http://${HOST}:${port}`;
  const deadline = Date.now() + o.startMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${log}`);
      if (Date.now() > deadline) throw new Error(`wrangler dev did not answer within ${o.startMs} ms:\n${log}`);
      try {
        // /topics is pre-rendered and not benchmarked: this loads the index without warming any measured route.
        const res = await fetch(`${base}/topics`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
        throw new Error(`GET /topics answered ${res.status}:\n${log}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith("GET /topics")) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, pgid, stop };
}

async function timedGet(url: string, headers: Record<string, string>, status: number) {
  const t = performance.now();
  let res: Response;
  let body: ArrayBuffer;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
    body = await res.arrayBuffer();
  } catch (e) {
    throw new Error(`GET ${url} failed after ${Math.round(performance.now() - t)} ms: ${e}`, { cause: e });
  }
  const us = (performance.now() - t) * 1000;
  if (res.status !== status) throw new Error(`${url}: status ${res.status}, expected ${status}`);
  return { us, bytes: body.byteLength, etag: res.headers.get("ETag") ?? "" };
}

export async function workerdBench(o: WorkerdOptions): Promise<WorkerdResult> {
  const wrangler = join(o.root, "node_modules/.bin/wrangler");
  const persist = join(o.tmp, "state");
  const kvFile = join(o.tmp, "kv.json");
  const config = join(o.tmp, "wrangler.toml");
  // The project's wrangler.toml with `main` made absolute, so wrangler's scratch files (.wrangler/) land in the temp dir.
  const toml = (await readFile(join(o.root, "wrangler.toml"), "utf8")).replace(
    /^main\s*=\s*"([^"]+)"/m,
    (_, main: string) => `main = ${JSON.stringify(join(o.root, main))}`,
  );
  await writeFile(config, toml);
  await writeFile(kvFile, JSON.stringify(o.entries));
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0", NO_COLOR: "1" };
  // Bundle once, as `wrangler deploy` would, and serve that file unbundled: `wrangler dev` otherwise watches src/ and
  // reloads (or, on a half-saved file, holds every request) when someone edits the code mid-bench.
  const bundleDir = join(o.tmp, "bundle");
  await run(wrangler, ["deploy", "--dry-run", "--outdir", bundleDir, "--config", config], o.tmp, env, 60_000);
  await run(
    wrangler,
    ["kv", "bulk", "put", kvFile, "--binding", "KV", "--local", "--persist-to", persist, "--config", config],
    o.tmp,
    env,
    60_000,
  );

  const t0 = performance.now();
  const server = await startWrangler(o, wrangler, config, join(bundleDir, "index.js"), persist, env);
  const startMs = performance.now() - t0;
  let requests = 0;
  const get = (url: string, headers: Record<string, string>, status: number) => {
    requests++;
    return timedGet(url, headers, status);
  };
  try {
    const rssStart = await workerdMemory(server.pgid);
    const cases = [];
    // First requests, route by route: each finds nothing memoised for it yet (the index was loaded at start).
    for (const route of o.routes) {
      const url = `${server.base}${route.path}`;
      // A conditional route's ETag comes from a plain GET, which is then its first request.
      const first = await get(url, {}, route.conditional ? 200 : route.status);
      const headers: Record<string, string> = route.conditional ? { "If-None-Match": first.etag } : {};
      cases.push({ route, url, headers, first, seq: [] as number[], bytes: 0 });
    }
    // Sequential, round-robin over the routes: wrangler dev's memory and GC grow with every request, so taking the
    // routes in turn gives each the same conditions instead of making the last route pay for the first ones.
    for (let i = 0; i < o.sequential.warmup; i++) for (const c of cases) await get(c.url, c.headers, c.route.status);
    const seqEnd = performance.now() + o.sequential.maxMs;
    for (let i = 0; i < o.sequential.iterations && performance.now() < seqEnd; i++) {
      for (const c of cases) {
        const r = await get(c.url, c.headers, c.route.status);
        c.seq.push(r.us);
        c.bytes = r.bytes;
      }
    }
    const rows: WorkerdRow[] = [];
    for (const c of cases) {
      const conc: number[] = [];
      let issued = 0;
      const concStart = performance.now();
      const concEnd = concStart + o.concurrent.maxMs;
      const client = async () => {
        while (issued < o.concurrent.requests && performance.now() < concEnd) {
          issued++;
          conc.push((await get(c.url, c.headers, c.route.status)).us);
        }
      };
      await Promise.all(Array.from({ length: o.concurrent.concurrency }, client));
      const concWall = performance.now() - concStart;
      const seq = summarize(c.seq);
      rows.push({
        route: c.route,
        firstUs: c.first.us,
        // One request at a time, so the rate is the inverse of the mean latency.
        sequential: { ...seq, rps: 1e6 / seq.meanUs },
        concurrent: { ...summarize(conc), rps: (conc.length * 1000) / concWall, concurrency: o.concurrent.concurrency },
        bytes: c.bytes,
      });
    }
    const rssEnd = await workerdMemory(server.pgid);
    return {
      rows,
      startMs,
      rssStartBytes: rssStart.rss,
      rssEndBytes: rssEnd.rss,
      peakRssBytes: rssEnd.hwm,
      requests,
    };
  } finally {
    await server.stop();
  }
}
