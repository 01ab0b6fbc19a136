// The Cloudflare API stand-in (`../shared/cfapi/standin.mjs`, run in place, never copied) and a Dispatch project
// pointed at it: a temporary project whose wrangler.toml names a real-looking namespace and the repository's Worker,
// and the commands' `main`s run in-process with wrangler's environment aimed at the stand-in.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CommandContext } from "../../src/build/command.js";
import type { TargetOptions } from "../../src/build/kv-target.js";
import type { ArticleSpec } from "./articles.js";
import { projectWith } from "./build.js";

export const repo = resolve(import.meta.dirname, "../..");
export const STANDIN = resolve(repo, "../shared/cfapi/standin.mjs");
/** Why the stand-in tests skip, or undefined when they can run. */
export const standinMissing = existsSync(STANDIN)
  ? undefined
  : `skipped: ${STANDIN} is missing (the Cloudflare API stand-in from ../shared/cfapi/)`;

export const ACCOUNT = "0123456789abcdef0123456789abcdef";
export const NAMESPACE = "0f2ac74b498b48028cb68387c421e279";
export const ORIGIN = "https://news.example.org";

export interface Standin {
  url: string;
  env: Record<string, string>;
  admin<T = unknown>(path: string, body?: unknown): Promise<T>;
  stop(): void;
}

/** Starts the stand-in on a free port with `flags` (e.g. --free-plan, --limit-mode strict). */
export async function startStandin(flags: string[] = []): Promise<Standin> {
  const child: ChildProcess = spawn(process.execPath, [STANDIN, "--port", "0", "--account", ACCOUNT, ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise<string>((ok, fail) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("\n")) ok(out);
    });
    child.on("exit", (code) => fail(new Error(`the stand-in exited with ${code}: ${out}`)));
  });
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(first)?.[0];
  if (!url) throw new Error(`the stand-in said: ${first}`);
  return {
    url,
    env: {
      CLOUDFLARE_API_BASE_URL: `${url}/client/v4`,
      CLOUDFLARE_API_TOKEN: "test",
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
    },
    async admin<T>(path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}/__admin/${path}`, {
        method: body === undefined ? "GET" : "POST",
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`stand-in ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    stop: () => child.kill(),
  };
}

/** What the stand-in's consistency check reports (the fields the tests read). */
export interface Check {
  current: { version?: string; missing?: number; head?: null };
  deployed: {
    versions: { version_id: string; contentVersionHead: { version: string; missing: number } | null }[];
  } | null;
  currentMatchesDeployed: boolean | null;
  records: { key: string; version?: string; missing?: number }[];
  lock: string | null;
  valueKeys: number;
  consistent: boolean;
}

export interface Stats {
  requests: Record<string, number>;
  ops: { reads: number; writes: number; deletes: number; lists: number };
  refused: Record<string, number>;
}

/** A temporary project with `specs`, set up for a remote publish: namespace id, origin, the repository's Worker. */
export async function cloudProject(specs: ArticleSpec[]): Promise<string> {
  const root = await projectWith(specs, { origin: ORIGIN });
  const toml = (await readFile(join(repo, "wrangler.toml"), "utf8"))
    .replace('"00000000000000000000000000000000"', `"${NAMESPACE}"`)
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(repo, "src/worker/index.ts"))}`);
  await writeFile(join(root, "wrangler.toml"), toml);
  return root;
}

/** A command context for `root` against the stand-in; what the command prints is collected in `lines`. */
export function commandContext(
  root: string,
  standin: Standin,
  target: Partial<TargetOptions> = {},
): CommandContext & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return {
    root,
    lines,
    text: () => lines.join("\n"),
    say: (line) => lines.push(line),
    warn: (line) => lines.push(line),
    target: {
      command: [join(repo, "node_modules/.bin/wrangler")],
      env: standin.env,
      backoffMs: 200,
      ...target,
    },
  };
}
