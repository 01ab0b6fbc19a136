// `npm run prune [-- --keep N] [--dry-run] [--local]`: delete the KV values no kept version needs.
import { parseArgs } from "node:util";
import { type CommandContext, targetFor } from "../publish/command.js";
import { withLock } from "../publish/lock.js";
import { prune } from "../publish/prune.js";
import { runAsScript } from "./run-as-script.js";

export async function main(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      local: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      keep: { type: "string" },
    },
  });
  const target = targetFor(ctx, values.local ?? false);
  const keep = Number(values.keep ?? 10);
  const dryRun = values["dry-run"] ?? false;
  try {
    // A dry run deletes nothing, so it takes no lock (and spends none of the day's writes).
    const r = dryRun
      ? await prune(target, keep, true)
      : await withLock(target, "prune", () => prune(target, keep, false));
    ctx.say(
      `${dryRun ? "Would delete" : "Deleted"} ${r.values.length.toLocaleString("en")} values and ${r.dropped.length} version records; ` +
        `kept ${r.kept.length} versions (the live one, the newest publishes, and what each Worker version Cloudflare keeps serves).`,
    );
    if (dryRun) for (const v of r.dropped) ctx.say(`  version ${v}`);
    return 0;
  } catch (e) {
    ctx.warn(`Prune failed: ${e instanceof Error ? e.message : e}.`);
    return 1;
  }
}

await runAsScript(import.meta.url, main);
