// `npm run deploy [-- --local] [--plan free|paid] [--max-writes N]`: runs `wrangler deploy`, whose build step publishes
// the content (options travel in the environment, since wrangler refuses flags it does not know); `--local` publishes
// to the local namespace `wrangler dev` reads.
import { parseArgs } from "node:util";
import type { CommandContext } from "../publish/command.js";
import { targetFor } from "../publish/command.js";
import { OPTION_ENV, publishContent, publishOptions, runWrangler } from "../publish/deploy.js";
import { allAnnounced, announce, formatPings } from "../publish/publish.js";
import { runAsScript } from "./run-as-script.js";

export async function main(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { local: { type: "boolean", default: false }, plan: { type: "string" }, "max-writes": { type: "string" } },
  });
  const options = publishOptions(values);
  if (typeof options === "string") {
    ctx.warn(options);
    return 1;
  }
  if (values.local) {
    const target = targetFor(ctx, true);
    const report = await publishContent(ctx, target, options);
    if (!report) return 1;
    const pings = await announce(report);
    // A hub that is down is the hub's problem, not the publish's: a warning, and the exit code of a publish that worked.
    if (pings.length > 0) (allAnnounced(pings) ? ctx.say : ctx.warn)(formatPings(pings));
    return 0;
  }
  return runWrangler(ctx, ["deploy"], {
    ...(options.plan ? { [OPTION_ENV.plan]: options.plan } : {}),
    ...(options.maxWrites !== undefined ? { [OPTION_ENV.maxWrites]: String(options.maxWrites) } : {}),
  });
}

await runAsScript(import.meta.url, main);
