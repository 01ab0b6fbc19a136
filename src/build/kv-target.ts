// The KV namespace a publish writes to, through wrangler: the remote one on Cloudflare, or the local one `npm start`
// serves (`--local`), by the same calls. Every call has a timeout and a bounded retry, so a stalled network ends with
// an error that says what was being done, never a hang.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BulkEntry } from "./chunks.js";

export type Where = "local" | "remote";

export interface KvKey {
  name: string;
  metadata?: unknown;
}

export class WranglerError extends Error {}

export interface TargetOptions {
  /** Project root: wrangler reads wrangler.toml there. */
  root: string;
  where: Where;
  /** The wrangler executable and any arguments before the command (tests pass a stand-in). */
  command?: readonly string[];
  /** Local storage folder (wrangler's --persist-to); wrangler's default, which `wrangler dev` reads, when absent. */
  persistTo?: string;
  /** Per call; a bulk call of many megabytes gets more (see `timeoutFor`). */
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  attempts?: number;
  /** Wait before the second attempt; doubled for each one after. */
  backoffMs?: number;
}

export class KvTarget {
  readonly where: Where;
  private readonly command: readonly string[];

  constructor(private readonly options: TargetOptions) {
    this.where = options.where;
    this.command = options.command ?? [join(options.root, "node_modules/.bin/wrangler")];
  }

  /** Runs `wrangler <args>` with the target's flags, retrying; resolves to its stdout. */
  async wrangler(
    what: string,
    args: readonly string[],
    timeoutMs = this.options.timeoutMs ?? 120_000,
  ): Promise<string> {
    const attempts = this.options.attempts ?? 3;
    let wait = this.options.backoffMs ?? 2000;
    let last = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const r = await runOnce(this.command, args, this.options.root, timeoutMs);
      if (r.ok) return r.stdout;
      last = r.problem;
      if (attempt < attempts) {
        console.warn(`  ${what}: ${r.problem.split("\n")[0]}; trying again in ${wait / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait *= 2;
      }
    }
    throw new WranglerError(`${what} failed after ${attempts} attempts: ${last}`);
  }

  private flags(): string[] {
    const flags = ["--binding", "KV", this.where === "local" ? "--local" : "--remote"];
    if (this.where === "local" && this.options.persistTo) flags.push("--persist-to", this.options.persistTo);
    return flags;
  }

  /** Every key under `prefix`, with its metadata. */
  async list(prefix: string): Promise<KvKey[]> {
    const out = await this.wrangler(`listing the ${prefix} keys`, [
      "kv",
      "key",
      "list",
      "--prefix",
      prefix,
      ...this.flags(),
    ]);
    return JSON.parse(out.slice(out.indexOf("["))) as KvKey[];
  }

  /** A key's value as text, or undefined when there is none. */
  async getText(key: string): Promise<string | undefined> {
    const values = await this.getMany([key]);
    return values.get(key);
  }

  /** Several keys' values as text (missing ones absent), with `kv bulk get`. */
  async getMany(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    const dir = await mkdtemp(join(tmpdir(), "dispatch-kv-"));
    try {
      // The API reads at most 100 keys a request; wrangler sends a file as one.
      for (let i = 0; i < keys.length; i += 100) {
        const file = join(dir, "keys.json");
        await writeFile(file, JSON.stringify(keys.slice(i, i + 100)));
        const text = await this.wrangler("reading values", ["kv", "bulk", "get", file, ...this.flags()]);
        // {"key": {"value": "…"}} for each key; {"value": null} for a key KV does not hold.
        const got = JSON.parse(text.slice(text.indexOf("{"))) as Record<string, { value: string | null } | null>;
        for (const [k, v] of Object.entries(got)) if (typeof v?.value === "string") out.set(k, v.value);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return out;
  }

  /** Writes one bulk-put file's entries (at most 500, see chunks.ts). */
  async putMany(entries: readonly BulkEntry[], label: string): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), "dispatch-kv-"));
    try {
      const file = join(dir, "values.json");
      await writeFile(file, JSON.stringify(entries));
      const bytes = entries.reduce((n, e) => n + e.value.length, 0);
      await this.wrangler(label, ["kv", "bulk", "put", file, ...this.flags()], timeoutFor(bytes));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async put(key: string, value: string, metadata?: unknown, ttlSeconds?: number): Promise<void> {
    const args = ["kv", "key", "put", key, value, ...this.flags()];
    if (metadata !== undefined) args.push("--metadata", JSON.stringify(metadata));
    if (ttlSeconds !== undefined) args.push("--ttl", String(ttlSeconds));
    await this.wrangler(`writing ${key}`, args);
  }

  async delete(key: string): Promise<void> {
    await this.wrangler(`deleting ${key}`, ["kv", "key", "delete", key, ...this.flags()]);
  }

  /** Deletes keys in bulk files of at most 1,000 (the API's limit a request). */
  async deleteMany(keys: readonly string[]): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), "dispatch-kv-"));
    try {
      for (let i = 0; i < keys.length; i += 1000) {
        const file = join(dir, "keys.json");
        await writeFile(file, JSON.stringify(keys.slice(i, i + 1000)));
        await this.wrangler(`deleting ${Math.min(1000, keys.length - i)} keys`, [
          "kv",
          "bulk",
          "delete",
          file,
          "--force",
          ...this.flags(),
        ]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** A bulk upload's time bound: two minutes, plus a minute for every 10 MB (a slow uplink, not a stalled one). */
function timeoutFor(bytes: number): number {
  return 120_000 + Math.ceil(bytes / 10_000_000) * 60_000;
}

interface Outcome {
  ok: boolean;
  stdout: string;
  problem: string;
}

function runOnce(
  command: readonly string[],
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const [file, ...pre] = command;
    const child = spawn(file as string, [...pre, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      // Offline runs and tests must not wait on telemetry.
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, stdout, problem: `could not run wrangler: ${e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, stdout, problem: `no answer within ${Math.round(timeoutMs / 1000)} s` });
      else if (code === 0) resolve({ ok: true, stdout, problem: "" });
      else resolve({ ok: false, stdout, problem: lastLines(`${stderr}\n${stdout}`) });
    });
  });
}

/** What wrangler said last, without its banner and blank lines. */
function lastLines(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l && !/wrangler \d+\.\d+/.test(l) && !/^[─-]+$/.test(l));
  return lines.slice(-3).join("\n") || "wrangler exited with an error";
}
