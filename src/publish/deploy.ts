// Publishing content/: `publishContent` is what the build step of `wrangler deploy` runs (src/cli/wrangler-build.ts)
// and what `npm run deploy -- --local` runs against the local namespace; `runWrangler` is how `npm run deploy` runs
// `wrangler deploy`, with `--plan` and `--max-writes` handed to its build step in the environment. Says what it will
// spend before it writes, and what is live after it stops.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { mib, runBuild } from "../build/run-build.js";
import { awaitAnnouncer, beforeAnnouncer } from "./announce.js";
import type { CommandContext } from "./command.js";
import { FREE_PLAN_LIMITS, type KvTarget } from "./kv-target.js";
import { describeLive, type Live, readLive } from "./live.js";
import { withLock } from "./lock.js";
import { preflight } from "./preflight.js";
import {
  formatPublish,
  freePlanDays,
  type PublishPlan,
  type PublishReport,
  PublishStopped,
  planPublish,
  publish,
  writesOf,
} from "./publish.js";
import { nextWorkerNumber } from "./worker-deploy.js";

/** What a plan will spend, said before anything is written. */
function formatPlan(plan: PublishPlan, freePlan: boolean, maxWrites?: number): string {
  const writes = writesOf(plan);
  const bytes = plan.missing.reduce((n, [, s]) => n + s, 0);
  const lines = [
    `Version ${plan.version} needs ${plan.values.length.toLocaleString("en")} values; KV holds ${(plan.values.length - plan.missing.length).toLocaleString("en")} of them.`,
    `This publish writes ${writes.toLocaleString("en")} keys (${plan.missing.length.toLocaleString("en")} values, ${mib(bytes)}` +
      `${plan.switchEntries.length > 0 ? `; ${plan.switchEntries.map((e) => (e.key === "current" ? "`current`" : "the version's record")).join(" and ")}` : ""})` +
      " and the lock (1 write, 1 delete).",
  ];
  if (freePlan) {
    const days = freePlanDays(writes);
    lines.push(
      days <= 1
        ? `On the Free plan (${FREE_PLAN_LIMITS.writes.toLocaleString("en")} KV writes a day) that fits in one day, unless the account has already spent the difference today.`
        : `On the Free plan (${FREE_PLAN_LIMITS.writes.toLocaleString("en")} KV writes a day) that takes at least ${days} days: each run stores what the day allows, and the site switches to this version only when the last value is stored.`,
    );
  }
  if (maxWrites !== undefined && maxWrites < plan.missing.length)
    lines.push(`--max-writes ${maxWrites}: this run stores ${maxWrites.toLocaleString("en")} values and stops.`);
  return lines.join("\n");
}

/** What is live now, read back; or why it could not be read. */
export async function liveNow(target: KvTarget, version?: string): Promise<string> {
  let live: Live;
  try {
    live = await readLive(target);
  } catch (e) {
    return `What is live could not be read back (${e instanceof Error ? e.message.split("\n")[0] : e}): \`npm run versions\` shows it.`;
  }
  if (!version) return `Read back now: ${describeLive(live)}`;
  const served = live.heads.some((h) => h.split(":")[1] === version);
  return `Read back now: ${describeLive(live)}${served ? ` Readers get version ${version}.` : ` Readers do not get version ${version}: the live site is as it was.`}`;
}

export interface PublishContentOptions {
  /** Publish drafts too (`wrangler dev`). */
  drafts?: boolean;
  /** Count writes against the Free plan's daily limit; the site's `plan` when absent. */
  plan?: "free" | "paid";
  maxWrites?: number;
}

/**
 * Checks, builds and publishes content/ to `target`; remotely, records the Worker upload that will carry it (the
 * next Worker version number). Resolves to the report, or undefined after printing why nothing (or not everything)
 * was published: the caller must then not upload a Worker.
 */
export async function publishContent(
  ctx: CommandContext,
  target: KvTarget,
  options: PublishContentOptions = {},
): Promise<PublishReport | undefined> {
  const { problems, workerVersions } = await preflight(ctx.root, target);
  if (problems.length > 0) {
    for (const p of problems) ctx.warn(p);
    ctx.warn("Nothing was built or uploaded.");
    return undefined;
  }
  const result = await runBuild({ root: ctx.root, drafts: options.drafts ?? false }, { quiet: true });
  if (!result) return undefined;
  const remote = target.where === "remote";
  const where = remote ? "Cloudflare's KV" : "the local KV namespace";
  const freePlan = remote && (options.plan ?? result.site.plan) === "free";
  try {
    const upload = workerVersions
      ? { number: nextWorkerNumber(workerVersions), at: new Date().toISOString() }
      : undefined;
    const plan = await planPublish(target, result, upload, workerVersions);
    ctx.say(formatPlan(plan, freePlan, options.maxWrites));
    const report = await withLock(target, "publish", () =>
      publish({
        target,
        result,
        plan,
        say: ctx.say,
        ...(options.maxWrites !== undefined ? { maxWrites: options.maxWrites } : {}),
      }),
    );
    ctx.say(formatPublish(report, where));
    return report;
  } catch (e) {
    if (e instanceof PublishStopped) {
      ctx.warn(`Publish stopped: ${e.message}.`);
    } else ctx.warn(`Publish failed: ${e instanceof Error ? e.message : e}.`);
    ctx.warn(await liveNow(target, result.head.version));
    return undefined;
  }
}

/** `--plan` and `--max-writes`, checked; a message when they are wrong. */
export function publishOptions(values: { plan?: string; "max-writes"?: string }): PublishContentOptions | string {
  const maxWrites = values["max-writes"] === undefined ? undefined : Number(values["max-writes"]);
  if (maxWrites !== undefined && !(Number.isInteger(maxWrites) && maxWrites >= 1))
    return "--max-writes takes a whole number of at least 1.";
  if (values.plan !== undefined && values.plan !== "free" && values.plan !== "paid") return "--plan is free or paid.";
  return {
    ...(values.plan ? { plan: values.plan as "free" | "paid" } : {}),
    ...(maxWrites !== undefined ? { maxWrites } : {}),
  };
}

/** The environment that hands `--plan` and `--max-writes` through wrangler to its build step. */
export const OPTION_ENV = { plan: "DISPATCH_PLAN", maxWrites: "DISPATCH_MAX_WRITES" } as const;

/** Runs wrangler in the project, its output line by line to the context; resolves to its exit code. */
export async function runWrangler(
  ctx: CommandContext,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<number> {
  const [file = "", ...pre] = ctx.target?.command ?? [join(ctx.root, "node_modules/.bin/wrangler")];
  const logged = beforeAnnouncer(ctx.root);
  const child = spawn(file, [...pre, ...args], {
    cwd: ctx.root,
    env: { ...process.env, ...ctx.target?.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  createInterface({ input: child.stdout }).on("line", ctx.say);
  createInterface({ input: child.stderr }).on("line", ctx.warn);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  // A deploy's WebSub announcement comes after wrangler exits (announce.ts): wait for it, and say what it said.
  if (args[0] === "deploy") for (const line of await awaitAnnouncer(ctx.root, logged)) ctx.say(line);
  return code;
}
