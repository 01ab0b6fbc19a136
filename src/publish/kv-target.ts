// The KV namespace a publish writes to, through wrangler: the remote one on Cloudflare, or the local one `npm start`
// serves (`--local`), by the same calls. Every call has a timeout and a bounded retry, so a stalled network ends with
// an error that says what was being done, never a hang.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BulkEntry } from "../build/chunks.js";
import { type ListedKey, readBulkGet, readFailure, readKeyList, type WranglerFailure } from "./wrangler-output.js";

export type Where = "local" | "remote";

export type { ListedKey as KvKey } from "./wrangler-output.js";

/** The Dispatch installation this code runs from, whose wrangler it runs (the project is usually the same folder). */
const INSTALLATION = resolve(import.meta.dirname, "../..");

/** A wrangler command that failed, with what the API said (see `readFailure`). */
export class WranglerError extends Error {
  readonly code: number | undefined;
  readonly timedOut: boolean;
  readonly noCredentials: boolean;
  constructor(message: string, failure: Partial<WranglerFailure> & { timedOut?: boolean } = {}) {
    super(message);
    this.code = failure.code;
    this.timedOut = failure.timedOut ?? false;
    this.noCredentials = failure.noCredentials ?? false;
  }
}

/** Code 10048: the account used up today's Free-plan quota of this operation. Retrying today cannot help. */
export const DAILY_LIMIT_CODE = 10048;

/** The Free plan's daily Workers KV limits (https://developers.cloudflare.com/kv/platform/limits/). */
export const FREE_PLAN_LIMITS = { writes: 1000, deletes: 1000, lists: 1000, reads: 100_000 } as const;

/** "resets at 00:00 UTC, in 3 h 12 min": when the Free plan's daily counts start again. */
function untilReset(now = Date.now()): string {
  const next = Math.ceil((now + 1) / 86_400_000) * 86_400_000;
  const minutes = Math.ceil((next - now) / 60_000);
  return `it resets at 00:00 UTC, in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** API codes for which the same request cannot succeed by being sent again. */
const FINAL_CODES = new Set([
  DAILY_LIMIT_CODE,
  10000, // authentication error
  10001, // bad request
  10007, // no such Worker
  10009, // no such key
  10222, // no such Worker version
  9106, // missing credentials
]);

export interface TargetOptions {
  /** Project root: wrangler reads wrangler.toml there. */
  root: string;
  where: Where;
  /** The wrangler executable and any arguments before the command (tests pass a stand-in). */
  command?: readonly string[];
  /** Variables added to wrangler's environment (tests point it at an API stand-in). */
  env?: Record<string, string>;
  /** Local storage folder (wrangler's --persist-to); wrangler's default, which `wrangler dev` reads, when absent. */
  persistTo?: string;
  /** Per call; a bulk call of many megabytes gets more (see `timeoutFor`). */
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  attempts?: number;
  /** Wait before the second attempt; doubled for each one after (a `Retry-After` from the API overrides it). */
  backoffMs?: number;
  /** Where a retry is announced (the command's output). */
  log?: (line: string) => void;
  /** The longest `Retry-After` waited out; a longer one ends the call with its error. */
  maxRetryAfterMs?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  /** The Free-plan quota the call spends, named in a daily-limit error. */
  quota?: keyof typeof FREE_PLAN_LIMITS;
  /**
   * False for a write that costs quota: a call that timed out may still land, so it is not sent again; the caller
   * checks what arrived (see `uploadVersion`).
   */
  resendAfterTimeout?: boolean;
}

export class KvTarget {
  readonly where: Where;
  private readonly command: readonly string[];

  constructor(private readonly options: TargetOptions) {
    this.where = options.where;
    this.command = options.command ?? [join(INSTALLATION, "node_modules/.bin/wrangler")];
  }

  get root(): string {
    return this.options.root;
  }

  /**
   * Runs `wrangler <args>` with the target's flags; resolves to its stdout. Sent again after a server error, a
   * timeout (unless `resendAfterTimeout` is false) or a 429, after the API's `Retry-After` when it gave one; never
   * after an answer that cannot change (the daily limit, a missing Worker, bad credentials).
   */
  async wrangler(what: string, args: readonly string[], call: CallOptions = {}): Promise<string> {
    const attempts = this.options.attempts ?? 3;
    const timeoutMs = call.timeoutMs ?? this.options.timeoutMs ?? 120_000;
    let wait = this.options.backoffMs ?? 2000;
    for (let attempt = 1; ; attempt++) {
      const r = await runOnce(this.command, args, this.options.root, timeoutMs, this.options.env);
      if (r.ok) return r.stdout;
      const failure: WranglerFailure & { timedOut?: boolean } = r.timedOut
        ? { message: `no answer within ${Math.round(timeoutMs / 1000)} s`, timedOut: true }
        : readFailure(r.output);
      const final =
        (failure.code !== undefined && FINAL_CODES.has(failure.code)) ||
        failure.noCredentials === true ||
        (r.timedOut && call.resendAfterTimeout === false) ||
        (failure.retryAfterMs ?? 0) > (this.options.maxRetryAfterMs ?? 300_000);
      if (failure.code === DAILY_LIMIT_CODE && call.quota)
        throw new WranglerError(
          `${what} failed: the Free plan's daily limit of ${FREE_PLAN_LIMITS[call.quota].toLocaleString("en")} KV ${call.quota} is used up (${apiLine(failure.message)}); ${untilReset()}`,
          failure,
        );
      if (final || attempt >= attempts)
        throw new WranglerError(
          `${what} failed${attempt > 1 ? ` after ${attempt} attempts` : ""}: ${failure.message}`,
          failure,
        );
      const pause = failure.retryAfterMs !== undefined ? failure.retryAfterMs + 500 : wait;
      (this.options.log ?? console.warn)(
        `  ${what}: ${apiLine(failure.message)}; trying again in ${Math.ceil(pause / 1000)} s` +
          (failure.retryAfterMs !== undefined ? " (the API's Retry-After)" : ""),
      );
      await new Promise((resolve) => setTimeout(resolve, pause));
      wait *= 2;
    }
  }

  private flags(): string[] {
    const flags = ["--binding", "KV", this.where === "local" ? "--local" : "--remote"];
    if (this.where === "local" && this.options.persistTo) flags.push("--persist-to", this.options.persistTo);
    return flags;
  }

  /** Every key under `prefix`, with its metadata (wrangler follows the API's cursors). */
  async list(prefix: string): Promise<ListedKey[]> {
    const out = await this.wrangler(
      `listing the ${prefix} keys`,
      ["kv", "key", "list", "--prefix", prefix, ...this.flags()],
      {
        quota: "lists",
      },
    );
    return readKeyList(out);
  }

  /** A key's value as text, or undefined when KV holds none. Throws when KV cannot be read. */
  async getText(key: string): Promise<string | undefined> {
    return (await this.getMany([key])).get(key);
  }

  /** Several keys' values as text (missing ones absent), with `kv bulk get`. Throws when KV cannot be read. */
  async getMany(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    const dir = await mkdtemp(join(tmpdir(), "dispatch-kv-"));
    try {
      // The API reads at most 100 keys a request; wrangler sends a file as one.
      for (let i = 0; i < keys.length; i += 100) {
        const batch = keys.slice(i, i + 100);
        const file = join(dir, "keys.json");
        await writeFile(file, JSON.stringify(batch));
        const text = await this.wrangler("reading values", ["kv", "bulk", "get", file, ...this.flags()], {
          quota: "reads",
        });
        for (const [k, v] of readBulkGet(text, batch)) if (v !== null) out.set(k, v);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return out;
  }

  /**
   * Writes one bulk-put file's entries. A call that times out is not sent again (it may still land, and every key
   * counts as a write): the error says so and the caller checks what arrived.
   */
  async putMany(entries: readonly BulkEntry[], label: string): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), "dispatch-kv-"));
    try {
      const file = join(dir, "values.json");
      await writeFile(file, JSON.stringify(entries));
      const bytes = entries.reduce((n, e) => n + e.value.length, 0);
      await this.wrangler(label, ["kv", "bulk", "put", file, ...this.flags()], {
        timeoutMs: this.options.timeoutMs ?? timeoutFor(bytes),
        resendAfterTimeout: false,
        quota: "writes",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async put(key: string, value: string, metadata?: unknown, ttlSeconds?: number): Promise<void> {
    const args = ["kv", "key", "put", key, value, ...this.flags()];
    if (metadata !== undefined) args.push("--metadata", JSON.stringify(metadata));
    if (ttlSeconds !== undefined) args.push("--ttl", String(ttlSeconds));
    await this.wrangler(`writing ${key}`, args, { resendAfterTimeout: false, quota: "writes" });
  }

  async delete(key: string): Promise<void> {
    await this.wrangler(`deleting ${key}`, ["kv", "key", "delete", key, ...this.flags()], { quota: "deletes" });
  }

  /** Deletes keys in bulk files of at most 1,000 (the API's limit a request). */
  async deleteMany(keys: readonly string[]): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), "dispatch-kv-"));
    try {
      for (let i = 0; i < keys.length; i += 1000) {
        const file = join(dir, "keys.json");
        await writeFile(file, JSON.stringify(keys.slice(i, i + 1000)));
        await this.wrangler(
          `deleting ${Math.min(1000, keys.length - i)} keys`,
          ["kv", "bulk", "delete", file, "--force", ...this.flags()],
          { quota: "deletes" },
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The line of an error that carries the API's code, else its last line. */
const apiLine = (message: string) => {
  const lines = message.split("\n");
  return lines.find((l) => /\[code: \d+\]/.test(l)) ?? lines.at(-1) ?? message;
};

/** A bulk upload's time bound: two minutes, plus a minute for every 10 MB (a slow uplink, not a stalled one). */
function timeoutFor(bytes: number): number {
  return 120_000 + Math.ceil(bytes / 10_000_000) * 60_000;
}

interface Outcome {
  ok: boolean;
  timedOut: boolean;
  stdout: string;
  /** stderr and stdout together, for `readFailure`. */
  output: string;
}

function runOnce(
  command: readonly string[],
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const [file, ...pre] = command;
    const child = spawn(file as string, [...pre, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      // Offline runs and tests must not wait on telemetry.
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...env },
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
      resolve({ ok: false, timedOut: false, stdout, output: `could not run wrangler: ${e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ok: !timedOut && code === 0, timedOut, stdout, output: `${stderr}\n${stdout}` });
    });
  });
}
