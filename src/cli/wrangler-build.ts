// wrangler.toml's `[build] command`: what wrangler runs before it bundles the Worker, for `deploy`, `versions upload`,
// `dev` and `types` (it says which in WRANGLER_COMMAND). A deploy or an upload publishes content/ to KV first (every
// guarantee of a publish: the lock, only the missing values, the check that all are stored, the record) and writes
// dist/head.js, which the bundle carries: the Worker version wrangler then uploads serves that content, and nothing
// else. Exiting non-zero stops wrangler before it uploads anything, so a refused or unfinished publish leaves the live
// site as it was. `--dry-run` and `dev` build locally and write nothing to Cloudflare; `types` does nothing.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runBuild } from "../build/run-build.js";
import { startAnnouncer } from "../publish/announce.js";
import { type CommandContext, targetFor } from "../publish/command.js";
import { OPTION_ENV, publishContent, publishOptions } from "../publish/deploy.js";
import { pinnedHead, recordPinnedUpload, wranglerProcess } from "../publish/wrangler-invocation.js";
import { runAsScript } from "./run-as-script.js";

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
