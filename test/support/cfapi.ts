// The Cloudflare API stand-in (`../shared/cfapi/standin.mjs`, run in place, never copied) and a Dispatch project
// pointed at it: a temporary project whose wrangler.toml names a real-looking namespace and the repository's Worker,
// and the commands' `main`s run in-process with wrangler's environment aimed at the stand-in.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterEach, expect } from "vitest";
import type { CommandContext } from "../../src/publish/command.js";
import type { TargetOptions } from "../../src/publish/kv-target.js";
import { KvTarget } from "../../src/publish/kv-target.js";
import { type ArticleSpec, sourceOf } from "./articles.js";
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
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(repo, "src/worker/index.ts"))}`)
    .replace(
      /^command = .*$/m,
      // The repository's code, read with the repository's tsconfig (JSX from hono), run in the project.
      `command = ${JSON.stringify(`${join(repo, "node_modules/.bin/tsx")} --tsconfig ${join(repo, "tsconfig.json")} ${join(repo, "src/cli/wrangler-build.ts")}`)}`,
    );
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

/** Articles every stand-in project starts with. */
const specs: ArticleSpec[] = [
  { slug: "first-report", title: "First report", date: "2018-07-02", topics: ["syria"] },
  { slug: "second-report", title: "Second report", date: "2018-07-09", topics: ["russia"] },
];
let next = 0;
/** A new article each time, a week after the one before. */
function another(): ArticleSpec {
  next++;
  const day = new Date(Date.UTC(2018, 6, 16 + 7 * next)).toISOString().slice(0, 10);
  return { slug: `report-${next}`, title: `Report ${next}`, date: day, topics: ["syria"] };
}

type Main = (args: string[], ctx: CommandContext) => Promise<number>;

export interface Run {
  code: number;
  text: string;
  stats: Stats;
  check: Check;
}

/** The head a bundle wrangler built in `root` carries: its dist/head.js, which the build step wrote. */
export async function bundledHead(root: string): Promise<string> {
  const text = await readFile(join(root, "dist", "head.js"), "utf8");
  const literal = /^export default (".*");$/m.exec(text)?.[1];
  if (!literal) throw new Error(`${root}/dist/head.js holds no head`);
  return JSON.parse(literal) as string;
}

/** What one Worker version of the live deployment serves, run in workerd over a copy of the stand-in's KV. */
export interface Served {
  versionId: string;
  percentage: number;
  /** The content version its bundle (or its CONTENT_VERSION) names. */
  version: string;
  get(path: string): Promise<{ status: number; text: string }>;
}

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(disposers.splice(0).map((d) => d()));
});

/**
 * The Worker as wrangler bundles it (a dry run: its build step builds content/ and uploads nothing), made once per
 * test file: every project runs the repository's Worker code, and `served()` gives each version its head.
 */
let workerBundle: Promise<string> | undefined;
async function bundleWorker(root: string, env: Record<string, string>): Promise<string> {
  const out = join(root, ".bundle");
  const dry = spawnSync(join(repo, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", out], {
    cwd: root,
    env: { ...process.env, ...env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
  if (dry.status !== 0) throw new Error(`wrangler deploy --dry-run failed: ${dry.stderr}${dry.stdout}`);
  return join(out, "index.js");
}

/** A stand-in and a project pointed at it, and a way to run a command's main and see what it did. */
export function harness() {
  let standin: Standin;
  let root: string;
  let bundle: string;
  /**
   * Worker version id → the head its bundle carries. Cloudflare keeps each version's bundle and the stand-in does
   * not, so the harness notes, after each command, the head of the bundle a new version was made from.
   */
  const bundles = new Map<string, string>();
  const api = async (path: string) => {
    const res = await fetch(`${standin.url}/client/v4/accounts/${ACCOUNT}${path}`, {
      headers: { Authorization: "Bearer test" },
    });
    return ((await res.json()) as { result: unknown }).result;
  };
  async function noteUploads(): Promise<void> {
    const versions = (await api("/workers/scripts/dispatch/versions").catch(() => null)) as {
      items?: { id: string }[];
    } | null;
    for (const v of versions?.items ?? []) if (!bundles.has(v.id)) bundles.set(v.id, await bundledHead(root));
  }
  return {
    async start(flags: string[]) {
      standin = await startStandin(flags);
      root = await cloudProject(specs);
      workerBundle ??= bundleWorker(root, standin.env);
      bundle = await workerBundle;
    },
    stop: () => standin?.stop(),
    /** Heads of the bundles uploaded so far, by Worker version id. */
    bundles,
    /**
     * Each Worker version of the live deployment (`/__admin/deployed`), run in workerd with that version's vars and
     * the head its bundle carries, over every key the stand-in's namespace holds: what readers would be served.
     */
    async served(): Promise<Served[]> {
      const deployed = await standin.admin<{
        versions?: { version_id: string; percentage: number; vars: Record<string, string> }[];
      }>("deployed");
      const keys = await standin.admin<string[]>("keys");
      const values = await Promise.all(
        keys.map(async (key) => {
          const res = await fetch(`${standin.url}/__admin/value?key=${encodeURIComponent(key)}`);
          return [key, new Uint8Array(await res.arrayBuffer())] as const;
        }),
      );
      const out: Served[] = [];
      for (const v of deployed.versions ?? []) {
        const head = v.vars.CONTENT_VERSION || bundles.get(v.version_id);
        if (!head) throw new Error(`the harness saw no upload of Worker version ${v.version_id}`);
        const mf = new Miniflare(
          convertV4MiniflareOptions({
            modules: true,
            scriptPath: bundle,
            modulesRoot: dirname(bundle),
            compatibilityDate: "2026-11-01",
            kvNamespaces: ["KV"],
            bindings: { ...v.vars, CONTENT_VERSION: head },
          }),
        );
        const kv = await mf.getKVNamespace("KV");
        for (const [key, bytes] of values) await kv.put(key, bytes.slice().buffer);
        out.push({
          versionId: v.version_id,
          percentage: v.percentage,
          version: head.split(":")[1] ?? "",
          async get(path) {
            const res = await mf.dispatchFetch(`https://news.example.org${path}`);
            return { status: res.status, text: await res.text() };
          },
        });
        disposers.push(() => mf.dispose());
      }
      return out;
    },
    get standin() {
      return standin;
    },
    get root() {
      return root;
    },
    async add(spec = another()) {
      await writeFile(join(root, "content", `${spec.date}-${spec.slug}.md`), sourceOf(spec));
      return spec;
    },
    /** Runs a command's main against the stand-in; returns its exit code, what it printed, the stats and the check. */
    async run(main: Main, args: string[] = [], target: Partial<TargetOptions> = {}): Promise<Run> {
      await standin.admin("reset-stats", {});
      const ctx = commandContext(root, standin, target);
      const code = await main(args, ctx);
      const stats = await standin.admin<Stats>("stats");
      await noteUploads();
      const check = await standin.admin<Check>("check");
      // For a note or an issue: one JSON line a command, what it printed and what the API saw.
      if (process.env.DISPATCH_CFAPI_REPORT)
        await appendFile(
          process.env.DISPATCH_CFAPI_REPORT,
          `${JSON.stringify({
            test: expect.getState().currentTestName,
            args,
            code,
            printed: ctx.lines.filter((l) => !/^ {2}\S/.test(l) || /trying again|timed out/.test(l)),
            calls: Object.values(stats.requests).reduce((n, k) => n + k, 0),
            ops: stats.ops,
            refused: stats.refused,
            consistent: check.consistent,
            current: check.current.version,
            deployed: check.deployed?.versions[0]?.contentVersionHead?.version,
          })}\n`,
        );
      // wrangler prefixes each line of its build step's output with "[custom build] ": taken off, so a message reads
      // the same whichever command printed it.
      return { code, text: ctx.text().replace(/^\[custom build\] ?/gm, ""), stats, check };
    },
    target: () => new KvTarget({ ...commandContext(root, standin).target, root, where: "remote" }),
  };
}

/** The version a publish's report names. */
export const published = (text: string) => /Published content version (\S+) to Cloudflare/.exec(text)?.[1];
/**
 * Worker versions uploaded, as the stand-in saw them: `wrangler deploy` uploads with a PUT of the script, or, once the
 * live deployment is not simply the newest version (after a rollback), as a new version and then a deployment.
 */
export const workerUploads = (s: Stats) =>
  (s.requests["PUT /accounts/:a/workers/scripts/:name"] ?? 0) +
  (s.requests["POST /accounts/:a/workers/scripts/:name/versions"] ?? 0);
