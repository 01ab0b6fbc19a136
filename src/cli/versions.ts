// `npm run versions [-- --local]`: every recorded publish, newest first, the live one marked, and what is live now.
import { parseArgs } from "node:util";
import { type CommandContext, targetFor } from "../publish/command.js";
import { describeLive, readLive } from "../publish/live.js";
import { decodeHead } from "../shared/stored-version.js";
import { runAsScript } from "./run-as-script.js";

/** `npm run versions [-- --local]`: every publish, newest first, the live one marked, with its Worker uploads. */
export async function main(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { local: { type: "boolean", default: false } } });
  const target = targetFor(ctx, values.local ?? false);
  try {
    const live = await readLive(target);
    const liveVersions = new Set(live.heads.map((h) => decodeHead(h)?.version));
    if (live.records.length === 0) ctx.say("No publishes recorded yet.");
    for (const v of live.records) {
      const uploads = (v.uploads ?? []).map((u) => u.number);
      ctx.say(
        `${liveVersions.has(v.version) ? "* " : "  "}${v.version}  ${v.publishedAt}  ${String(v.articles).padStart(7)} articles  ` +
          `${(v.bytes / 1024 / 1024).toFixed(1).padStart(7)} MiB` +
          `${uploads.length > 0 ? `  Worker version${uploads.length > 1 ? "s" : ""} ${uploads.join(", ")}` : ""}${liveVersions.has(v.version) ? "  (live)" : ""}`,
      );
    }
    ctx.say(describeLive(live));
    return 0;
  } catch (e) {
    ctx.warn(`Listing versions failed: ${e instanceof Error ? e.message : e}.`);
    return 1;
  }
}

await runAsScript(import.meta.url, main);
