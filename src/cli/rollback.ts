// `npm run rollback [-- VERSION] [--local]`: serve an earlier publish again, code and content together.
import { parseArgs } from "node:util";
import { type CommandContext, targetFor } from "../publish/command.js";
import { liveNow } from "../publish/deploy.js";
import { describeLive, readLive } from "../publish/live.js";
import { withLock } from "../publish/lock.js";
import { restoreWorkerFor, rollback } from "../publish/rollback.js";
import type { RecordWithHead } from "../publish/versions.js";
import type { WorkerVersion } from "../publish/wrangler-output.js";
import { runAsScript } from "./run-as-script.js";

export async function main(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { local: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const target = targetFor(ctx, values.local ?? false);
  try {
    const done = await withLock(target, "rollback", () =>
      rollback({
        target,
        ...(positionals[0] ? { version: positionals[0] } : {}),
        ...(target.where === "remote"
          ? {
              restoreWorker: (record: RecordWithHead, records: RecordWithHead[], kept: readonly WorkerVersion[]) =>
                restoreWorkerFor(target, record, records, kept),
            }
          : {}),
      }),
    );
    ctx.say(`Rolled back${done.from ? ` from ${done.from}` : ""} to content version ${done.to}.`);
    ctx.say(describeLive(await readLive(target)));
    return 0;
  } catch (e) {
    ctx.warn(`Rollback failed: ${e instanceof Error ? e.message : e}.`);
    ctx.warn(await liveNow(target));
    return 1;
  }
}

await runAsScript(import.meta.url, main);
