// `npm run rollback [-- VERSION] [--local]`: serve an earlier publish again, code and content together. Remote: the
// Worker version deployed with it comes back (`wrangler rollback`), with CONTENT_VERSION pinned to that content;
// `current` moves to it too, so a Worker deployed without CONTENT_VERSION serves the same. Refused when KV no longer
// holds every value the version needs (a prune removed it).
import { parseArgs } from "node:util";
import { CURRENT_KEY } from "../shared/keys.js";
import { type CommandContext, runAsScript, targetFor } from "./command.js";
import type { KvTarget } from "./kv-target.js";
import { describeLive, liveVersion, readLive } from "./live.js";
import { withLock } from "./lock.js";
import { listVersions, readRecord, storedValues, type VersionRecord, valuesOfHead } from "./versions.js";
import { codeTag, deployWorker, findWorkerVersion } from "./worker-deploy.js";

export interface RollbackOptions {
  target: KvTarget;
  /** The version to serve; the publish before the live one when absent. */
  version?: string;
  /** Brings back the Worker (remote): `wrangler rollback` to its version id, or a deploy pinned to the head. */
  restoreWorker?: (record: VersionRecord & { head: string }) => Promise<void>;
}

export async function rollback({
  target,
  version,
  restoreWorker,
}: RollbackOptions): Promise<{ from?: string; to: string }> {
  const [live, versions, stored] = await Promise.all([readLive(target), listVersions(target), storedValues(target)]);
  const liveVersionNow = liveVersion(live);
  let chosen = version;
  if (!chosen) {
    if (!liveVersionNow)
      throw new Error(
        `cannot tell which version is live (${describeLive(live)}); name the version to roll back to (\`npm run versions\` lists them)`,
      );
    const at = versions.findIndex((v) => v.version === liveVersionNow);
    if (at < 0)
      throw new Error(
        `the live version ${liveVersionNow} has no record, so "the one before it" is unknown; name the version to roll back to`,
      );
    chosen = versions[at + 1]?.version;
    if (!chosen) throw new Error("there is no earlier publish to roll back to (`npm run versions` lists them)");
  }
  const record = await readRecord(target, chosen);
  if (!record) throw new Error(`no publish of version ${chosen} is recorded (\`npm run versions\` lists them)`);
  const needed = await valuesOfHead(target, record.head);
  const missing = [...needed.values].filter((h) => !stored.has(h));
  if (missing.length > 0)
    throw new Error(`version ${chosen} cannot be served: KV lacks ${missing.length} of its values (pruned?)`);
  if (restoreWorker) await restoreWorker(record);
  if (live.current !== record.head) await target.put(CURRENT_KEY, record.head);
  return { ...(liveVersionNow ? { from: liveVersionNow } : {}), to: chosen };
}

/** Brings back the Worker that served `record`'s content: that Worker version if Cloudflare keeps it, else a deploy. */
async function restoreWorkerFor(target: KvTarget, root: string, record: VersionRecord & { head: string }) {
  const id = record.worker ?? (await findWorkerVersion(target, record.head));
  if (id)
    await target.wrangler(
      "rolling the Worker back",
      ["rollback", id, "--yes", "--message", `Dispatch content ${record.version}`],
      { timeoutMs: 300_000 },
    );
  else await deployWorker(target, record.head, await codeTag(root));
}

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
          ? { restoreWorker: (record: VersionRecord & { head: string }) => restoreWorkerFor(target, ctx.root, record) }
          : {}),
      }),
    );
    ctx.say(`Rolled back${done.from ? ` from ${done.from}` : ""} to content version ${done.to}.`);
    ctx.say(describeLive(await readLive(target)));
    return 0;
  } catch (e) {
    ctx.warn(`Rollback failed: ${e instanceof Error ? e.message : e}.`);
    ctx.warn(
      await readLive(target).then(
        (live) => `Read back now: ${describeLive(live)}`,
        (again: unknown) => `What is live could not be read back: ${again instanceof Error ? again.message : again}`,
      ),
    );
    return 1;
  }
}

await runAsScript(import.meta.url, main);
