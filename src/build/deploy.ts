// `npm run deploy [-- --local] [--plan free|paid] [--max-writes N]`: check, build (drafts left out), publish to
// Cloudflare's KV and deploy the Worker; with --local, publish into the local KV namespace `npm start` serves, by the
// same steps but the Worker deploy. Says what it will spend before it writes, and what is live after it stops.
import { parseArgs } from "node:util";
import { runBuild } from "./cli.js";
import { type CommandContext, runAsScript, targetFor } from "./command.js";
import { FREE_PLAN_LIMITS, type KvTarget } from "./kv-target.js";
import { describeLive, type Live, readLive } from "./live.js";
import { withLock } from "./lock.js";
import { preflight } from "./preflight.js";
import {
  formatPublish,
  freePlanDays,
  type PublishPlan,
  PublishStopped,
  planPublish,
  publish,
  writesOf,
} from "./publish.js";
import { codeTag, deployWorker } from "./worker-deploy.js";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** What a plan will spend, said before anything is written. */
export function formatPlan(plan: PublishPlan, freePlan: boolean, maxWrites?: number): string {
  const writes = writesOf(plan);
  const bytes = plan.missing.reduce((n, [, s]) => n + s, 0);
  const lines = [
    `Version ${plan.version} needs ${plan.values.length.toLocaleString("en")} values; KV holds ${(plan.values.length - plan.missing.length).toLocaleString("en")} of them.`,
    `This publish writes ${writes.toLocaleString("en")} keys (${plan.missing.length.toLocaleString("en")} values, ${mib(bytes)}` +
      `${plan.switchEntries.length > 0 ? `; ${plan.switchEntries.map((e) => (e.key === "current" ? "`current`" : "the version's record")).join(" and ")}` : ""})` +
      ` and the lock (1 write, 1 delete)${plan.deployWorker ? ", then deploys the Worker" : ""}.`,
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
async function liveNow(target: KvTarget, version: string): Promise<string> {
  let live: Live;
  try {
    live = await readLive(target);
  } catch (e) {
    return `What is live could not be read back (${e instanceof Error ? e.message.split("\n")[0] : e}): \`npm run versions\` shows it.`;
  }
  const served = live.heads.some((h) => h.split(":")[1] === version);
  return `Read back now: ${describeLive(live)}${served ? ` Readers get version ${version}.` : ` Readers do not get version ${version}: the live site is as it was.`}`;
}

export async function main(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      local: { type: "boolean", default: false },
      plan: { type: "string" },
      "max-writes": { type: "string" },
    },
  });
  const maxWrites = values["max-writes"] === undefined ? undefined : Number(values["max-writes"]);
  if (maxWrites !== undefined && !(Number.isInteger(maxWrites) && maxWrites >= 1)) {
    ctx.warn("--max-writes takes a whole number of at least 1.");
    return 1;
  }
  if (values.plan !== undefined && values.plan !== "free" && values.plan !== "paid") {
    ctx.warn("--plan is free or paid.");
    return 1;
  }
  const target = targetFor(ctx, values.local ?? false);
  const problems = await preflight(ctx.root, target);
  if (problems.length > 0) {
    for (const p of problems) ctx.warn(p);
    ctx.warn("Nothing was built or uploaded.");
    return 1;
  }
  const result = await runBuild({ root: ctx.root }, { quiet: true });
  if (!result) return 1;
  const where = target.where === "local" ? "the local KV namespace" : "Cloudflare";
  const freePlan = target.where === "remote" && (values.plan ?? result.site.plan) === "free";
  try {
    const tag = target.where === "remote" ? await codeTag(ctx.root) : undefined;
    const plan = await planPublish(target, result, tag);
    if (writesOf(plan) === 0 && !plan.deployWorker) {
      ctx.say(
        `Nothing to publish: content version ${plan.version}${tag ? " and this code are" : " is"} live in ${where}, and KV holds all ${plan.values.length.toLocaleString("en")} of its values. Nothing was written or deployed.`,
      );
      return 0;
    }
    ctx.say(formatPlan(plan, freePlan, maxWrites));
    const report = await withLock(target, "publish", () =>
      publish({
        target,
        result,
        plan,
        say: ctx.say,
        ...(maxWrites !== undefined ? { maxWrites } : {}),
        ...(tag ? { deployWorker: (head: string) => deployWorker(target, head, tag) } : {}),
      }),
    );
    ctx.say(formatPublish(report, where));
    return 0;
  } catch (e) {
    if (e instanceof PublishStopped) {
      ctx.warn(`Publish stopped: ${e.message}.`);
      ctx.warn(await liveNow(target, result.head.version));
      return e.reason === "max-writes" ? 0 : 1;
    }
    ctx.warn(`Publish failed: ${e instanceof Error ? e.message : e}.`);
    ctx.warn(await liveNow(target, result.head.version));
    return 1;
  }
}

await runAsScript(import.meta.url, main);
