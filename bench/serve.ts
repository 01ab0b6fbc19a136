// Dispatch's Worker in bare workerd (no wrangler proxy) against a constant-bytes Hono Worker: cold first requests
// (CPU and KV reads) and throughput under wrk, from a built dist/.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { BulkEntry } from "../src/build/chunks.js";
import { processCpuNs, processRssBytes, run } from "./measure.js";

const HOST = "127.0.0.1";
const root = resolve(import.meta.dirname, "..");
const WORKERD = join(root, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");
const WRANGLER = join(root, "node_modules/.bin/wrangler");
const COMPATIBILITY_DATE = "2026-11-01";

/**
 * On a small machine wrk and workerd fight for the same cores, and which one the scheduler favours in a round moves a
 * ratio by a fifth. With taskset (util-linux), the serving process gets the last CPU and wrk the others, the same for
 * Dispatch and the constant Worker.
 */
const TASKSET = "/usr/bin/taskset";
const CPUS = cpus().length;
const pinned = (cpuList: string, command: string, args: readonly string[]): [string, string[]] =>
  CPUS > 1 && existsSync(TASKSET) ? [TASKSET, ["-c", cpuList, command, ...args]] : [command, [...args]];
export const SERVER_CPUS = String(CPUS - 1);
export const CLIENT_CPUS = CPUS > 2 ? `0-${CPUS - 2}` : "0";

export interface Bundle {
  dir: string;
  module: string;
  bytes: number;
  gzipBytes: number;
}

/** Bundles a Worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`). */
export async function bundleWorker(config: string, outDir: string): Promise<Bundle> {
  await run(WRANGLER, ["deploy", "--dry-run", "--outdir", outDir, "-c", config], {
    cwd: root,
    timeoutMs: 180_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
  });
  const module = (await readdir(outDir)).find((f) => f.endsWith(".js"));
  if (!module) throw new Error(`wrangler wrote no module into ${outDir}`);
  const bytes = await readFile(join(outDir, module));
  return { dir: outDir, module, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

/** Writes every value of a build's dist/kv chunks as a file named by its key, URL-encoded (see kv-service.js). */
export async function writeKvDirectory(distDir: string, kvDir: string): Promise<void> {
  await mkdir(kvDir, { recursive: true });
  // The chunks are NNNN.json; index.json beside them maps buckets to chunks.
  for (const chunk of (await readdir(join(distDir, "kv"))).filter((f) => /^\d+\.json$/.test(f)).sort()) {
    const entries = JSON.parse(await readFile(join(distDir, "kv", chunk), "utf8")) as BulkEntry[];
    for (let i = 0; i < entries.length; i += 256)
      await Promise.all(
        entries
          .slice(i, i + 256)
          .map((e) => writeFile(join(kvDir, encodeURIComponent(e.key)), Buffer.from(e.value, "base64"))),
      );
  }
}

const capnpString = (s: string) => JSON.stringify(s);

/** A running workerd process with its config in `dir`. */
export class Workerd {
  private constructor(
    readonly child: ChildProcess,
    readonly pid: number,
  ) {}

  /** Starts workerd and waits until `port` accepts connections and start-up has finished. */
  static async start(dir: string, config: string, port: number): Promise<Workerd> {
    const file = join(dir, "config.capnp");
    await writeFile(file, config);
    const [command, args] = pinned(SERVER_CPUS, WORKERD, ["serve", file]);
    const child = spawn(command, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const log: string[] = [];
    child.stdout?.on("data", (d) => log.push(String(d)));
    child.stderr?.on("data", (d) => log.push(String(d)));
    if (child.pid === undefined) throw new Error("workerd did not start");
    const w = new Workerd(child, child.pid);
    // Ready when the socket accepts a connection: no request is made, so the isolate stays cold.
    const until = Date.now() + 30_000;
    while (!(await canConnect(port))) {
      if (child.exitCode !== null || Date.now() > until) {
        child.kill("SIGKILL");
        throw new Error(`workerd did not listen on ${port}:\n${log.join("")}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // workerd goes on setting up after it listens: wait until its CPU stops moving, so that none of that start-up is
    // counted against the first request.
    for (let last = w.cpuNs(), quiet = 0; quiet < 5 && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 20));
      const now = w.cpuNs();
      quiet = now - last < 200_000 ? quiet + 1 : 0;
      last = now;
    }
    return w;
  }

  cpuNs(): number {
    return processCpuNs(this.pid);
  }

  rssBytes(): number {
    return processRssBytes(this.pid);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const s = connect(port, HOST);
    s.once("connect", () => {
      s.destroy();
      resolvePromise(true);
    });
    s.once("error", () => resolvePromise(false));
  });
}

/** The KV process: kv-service.js over a disk directory, listening on `port`. */
export async function startKv(dir: string, kvDir: string, port: number): Promise<Workerd> {
  await copyFile(join(import.meta.dirname, "workerd/kv-service.js"), join(dir, "kv-service.js"));
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "kv", worker = (modules = [(name = "kv-service.js", esModule = embed "kv-service.js")],
      compatibilityDate = "${COMPATIBILITY_DATE}", bindings = [(name = "DISK", service = "disk")])),
    (name = "disk", disk = (path = ${capnpString(kvDir)}, writable = false)),
  ],
  sockets = [(name = "http", address = "${HOST}:${port}", http = (), service = "kv")]
);
`;
  return Workerd.start(dir, config, port);
}

/** One Worker of a serving process: its bundle, its socket, and the bindings it gets. */
export interface ServedWorker {
  name: string;
  bundle: Bundle;
  port: number;
  /** A KV binding named KV, to the KV process. */
  kv?: boolean;
  /** Text bindings (Dispatch's CONTENT_VERSION). */
  text?: Record<string, string>;
  /** JSON bindings, by name (the constant Worker's canned responses). */
  json?: Record<string, unknown>;
}

/** A serving process: each Worker on its own socket; KV bindings point at the KV process on `kvPort`. */
export async function startServe(dir: string, kvPort: number, workers: readonly ServedWorker[]): Promise<Workerd> {
  const services = [`(name = "kv", external = (address = "${HOST}:${kvPort}", http = ()))`];
  const sockets: string[] = [];
  for (const w of workers) {
    await copyFile(join(w.bundle.dir, w.bundle.module), join(dir, `${w.name}.js`));
    const bindings: string[] = [];
    if (w.kv) bindings.push(`(name = "KV", kvNamespace = "kv")`);
    for (const [name, value] of Object.entries(w.text ?? {}))
      bindings.push(`(name = "${name}", text = ${capnpString(value)})`);
    for (const [name, value] of Object.entries(w.json ?? {})) {
      await writeFile(join(dir, `${w.name}-${name}.json`), JSON.stringify(value));
      bindings.push(`(name = "${name}", json = embed "${w.name}-${name}.json")`);
    }
    services.push(`(name = "${w.name}", worker = (modules = [(name = "index.js", esModule = embed "${w.name}.js")],
      compatibilityDate = "${COMPATIBILITY_DATE}", bindings = [${bindings.join(", ")}]))`);
    sockets.push(`(name = "${w.name}", address = "${HOST}:${w.port}", http = (), service = "${w.name}")`);
  }
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${services.join(",\n    ")}
  ],
  sockets = [${sockets.join(", ")}]
);
`;
  return Workerd.start(dir, config, workers[0]?.port ?? 0);
}

export interface Canned {
  status: number;
  headers: [string, string][];
  body: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request with raw bytes back (no decompression), as a feed reader that sent Accept-Encoding: gzip sees them. */
export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      { host: HOST, port, path, headers: { "Accept-Encoding": "gzip", ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") out[k] = v;
          resolvePromise({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The answer as the constant Worker replays it: the same status, headers (not the per-connection ones) and bytes. */
export function cannedFrom(a: Answer): Canned {
  const skip = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
  return {
    status: a.status,
    headers: Object.entries(a.headers).filter(([k]) => !skip.has(k)),
    body: a.body.toString("base64"),
  };
}

export interface KvReads {
  operations: number;
  keys: number;
  /** Keys of single gets, in order. */
  gets: string[];
}

export async function kvReads(kvPort: number, reset = false): Promise<KvReads> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: HOST, port: kvPort, path: "/__reads", method: reset ? "DELETE" : "GET" }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolvePromise(JSON.parse(text) as KvReads));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Requests per second from wrk: 2 threads, 32 connections, as the scale issue measures. */
export async function wrk(port: number, path: string, headers: Record<string, string>, seconds: number) {
  const args = ["-t2", "-c32", `-d${seconds}s`, "-H", "Accept-Encoding: gzip"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const [command, pinnedArgs] = pinned(CLIENT_CPUS, "wrk", [...args, `http://${HOST}:${port}${path}`]);
  const { stdout } = await run(command, pinnedArgs, { timeoutMs: (seconds + 30) * 1000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  if (!Number.isFinite(rps)) throw new Error(`wrk printed no rate:\n${stdout}`);
  return { rps, non2xx };
}
