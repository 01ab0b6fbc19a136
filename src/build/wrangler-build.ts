// wrangler.toml's `[build] command`: what wrangler runs before it bundles the Worker, for `deploy`, `versions upload`,
// `dev` and `types` (it says which in WRANGLER_COMMAND). A deploy or an upload publishes content/ to KV first (every
// guarantee of a publish: the lock, only the missing values, the check that all are stored, the record) and writes
// dist/head.js, which the bundle carries: the Worker version wrangler then uploads serves that content, and nothing
// else. Exiting non-zero stops wrangler before it uploads anything, so a refused or unfinished publish leaves the live
// site as it was. `--dry-run` and `dev` build locally and write nothing to Cloudflare; `types` does nothing.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startAnnouncer } from "./announce.js";
import { runBuild } from "./cli.js";
import { type CommandContext, runAsScript, targetFor } from "./command.js";
import { OPTION_ENV, publishContent, publishOptions } from "./deploy.js";
import type { KvTarget } from "./kv-target.js";
import { readAllRecords } from "./live.js";
import { recordEntry, storedValues, valuesOfHead } from "./versions.js";
import { nextWorkerNumber } from "./worker-deploy.js";

/** A process's arguments and its parent's pid: from /proc (Linux), else from `ps` (macOS, BSD). */
function processInfo(pid: number): { args: string[]; parent: number } | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    // The fields after the command name in parentheses, which may itself hold spaces: state, then the parent's pid.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return { args, parent: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) };
  } catch {}
  try {
    const line = execFileSync("ps", ["-o", "ppid=", "-o", "args=", "-p", String(pid)], { encoding: "utf8" }).trim();
    const [, parent = "0", args = ""] = /^(\d+)\s+(.*)$/.exec(line) ?? [];
    return { args: args.split(/\s+/), parent: Number(parent) };
  } catch {
    return undefined;
  }
}

/**
 * The wrangler process that ran this build step, and its arguments, read from the process tree (wrangler tells its
 * build step only the command's name): whether it is a dry run, and whether it pins CONTENT_VERSION.
 */
export function wranglerProcess(): { pid: number; args: string[] } | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 12 && pid > 1; depth++) {
    const info = processInfo(pid);
    if (!info) return undefined;
    const at = info.args.findIndex((a) => /wrangler(\.js|-dist[\\/]cli\.js)?$/.test(a));
    if (at >= 0) return { pid, args: info.args.slice(at + 1) };
    pid = info.parent;
  }
  return undefined;
}

/** A `--var CONTENT_VERSION:…` (or `--var=…`) among wrangler's arguments: a deploy pinned to that head. */
export function pinnedHead(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    const value = a === "--var" ? args[i + 1] : a.startsWith("--var=") ? a.slice(6) : undefined;
    if (value?.startsWith("CONTENT_VERSION:")) return value.slice("CONTENT_VERSION:".length);
  }
  return undefined;
}

/**
 * A deploy pinned to a head (`npm run rollback`, or by hand): refuses unless KV holds every value that version needs
 * and it is recorded, then records this upload with it. Publishes nothing. The caller may hold the lock.
 */
async function recordPinnedUpload(ctx: CommandContext, target: KvTarget, head: string): Promise<boolean> {
  const records = await readAllRecords(target);
  const record = records.find((r) => r.head === head);
  if (!record) {
    ctx.warn(`CONTENT_VERSION names a head no publish recorded (${head.slice(0, 40)}…): nothing was deployed.`);
    return false;
  }
  const [needed, stored] = await Promise.all([valuesOfHead(target, head), storedValues(target)]);
  const missing = [...needed.values].filter((h) => !stored.has(h));
  if (missing.length > 0) {
    ctx.warn(`Content version ${record.version} lacks ${missing.length} values in KV (pruned?): nothing was deployed.`);
    return false;
  }
  const upload = { number: await nextWorkerNumber(target), at: new Date().toISOString() };
  const { key, value, metadata } = recordEntry({ ...record, uploads: [...(record.uploads ?? []), upload] });
  await target.put(key, value, metadata);
  ctx.say(
    `Content version ${record.version} is stored whole; the Worker upload pins it (Worker version ${upload.number}).`,
  );
  return true;
}

/**
 * `given`: wrangler's arguments, when the caller knows them (a test); otherwise they are read from the process tree,
 * and a deploy or upload whose arguments cannot be read publishes nothing (it might be a dry run).
 */
export async function main(given: string[], ctx: CommandContext): Promise<number> {
  const command = process.env.WRANGLER_COMMAND;
  const wrangler = given.length > 0 ? undefined : wranglerProcess();
  const args = given.length > 0 ? given : wrangler?.args;
  if (command === "types") return 0;
  if (command === "dev") {
    // `wrangler dev`: the local build, drafts shown, in the local namespace the dev server reads.
    return (await publishContent(ctx, targetFor(ctx, true), { drafts: true })) ? 0 : 1;
  }
  if (command !== "deploy" && command !== "versions upload") {
    ctx.warn(
      "This is the build step of `wrangler deploy` (wrangler.toml's [build] command), not a command of its own: run `npx wrangler deploy` to publish, or `npm run build` to build.",
    );
    return 1;
  }
  if (!args) {
    ctx.warn(
      "The build step could not read wrangler's arguments (no /proc, no ps), so it cannot tell a dry run from a deploy: nothing was published, and wrangler uploads nothing.",
    );
    return 1;
  }
  if (args.includes("--dry-run")) {
    const result = await runBuild({ root: ctx.root }, { quiet: true });
    if (!result) return 1;
    ctx.say(`Dry run: built content version ${result.head.version}; nothing was uploaded to Cloudflare.`);
    return 0;
  }
  const target = targetFor(ctx, false);
  const pinned = pinnedHead(args);
  if (pinned) {
    if (!existsSync(join(ctx.root, "dist", "head.js")) && !(await runBuild({ root: ctx.root }, { quiet: true })))
      return 1;
    return (await recordPinnedUpload(ctx, target, pinned)) ? 0 : 1;
  }
  const options = publishOptions({
    plan: process.env[OPTION_ENV.plan],
    "max-writes": process.env[OPTION_ENV.maxWrites],
  });
  if (typeof options === "string") {
    ctx.warn(options);
    return 1;
  }
  const report = await publishContent(ctx, target, options);
  if (!report) {
    ctx.warn("So wrangler uploads no Worker: the live site is as it was.");
    return 1;
  }
  ctx.say(
    command === "deploy"
      ? "Every value is stored: wrangler now uploads and deploys the Worker that serves this version."
      : "Every value is stored: wrangler now uploads a Worker version that serves it (`wrangler versions deploy` makes it live).",
  );
  if (command === "deploy" && report.hub && report.changedFeeds.length > 0)
    startAnnouncer(ctx, wrangler?.pid, { hub: report.hub, feeds: report.changedFeeds, version: report.version });
  return 0;
}

await runAsScript(import.meta.url, main);
