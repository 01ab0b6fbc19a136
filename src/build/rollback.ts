// `npm run rollback [-- VERSION] [--local]`: serve an earlier publish again, code and content together. Remote: the
// Worker version deployed with it comes back (`wrangler rollback`), with CONTENT_VERSION pinned to that content;
// `current` moves to it too, so a Worker deployed without CONTENT_VERSION serves the same. Refused when KV no longer
// holds every value the version needs (a prune removed it).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { decodeHead } from "../shared/content.js";
import { CURRENT_KEY } from "../shared/keys.js";
import { deployWorker } from "./deploy.js";
import { KvTarget } from "./kv-target.js";
import { withLock } from "./lock.js";
import { listVersions, liveHead, readRecord, storedValues, type VersionRecord, valuesOfHead } from "./versions.js";

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
  const live = await liveHead(target);
  const liveVersion = live ? decodeHead(live)?.version : undefined;
  const versions = await listVersions(target);
  let chosen = version;
  if (!chosen) {
    const at = versions.findIndex((v) => v.version === liveVersion);
    chosen = versions[at + 1]?.version;
    if (!chosen) throw new Error("there is no earlier publish to roll back to (`npm run versions` lists them)");
  }
  const record = await readRecord(target, chosen);
  if (!record) throw new Error(`no publish of version ${chosen} is recorded (\`npm run versions\` lists them)`);
  const needed = await valuesOfHead(target, record.head);
  const stored = await storedValues(target);
  const missing = [...needed.values].filter((h) => !stored.has(h));
  if (missing.length > 0)
    throw new Error(`version ${chosen} cannot be served: KV lacks ${missing.length} of its values (pruned?)`);
  if (restoreWorker) await restoreWorker(record);
  await target.put(CURRENT_KEY, record.head);
  return { ...(liveVersion ? { from: liveVersion } : {}), to: chosen };
}

const root = resolve(import.meta.dirname, "../..");

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { local: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const target = new KvTarget({ root, where: values.local ? "local" : "remote" });
  try {
    const done = await withLock(target, "rollback", () =>
      rollback({
        target,
        ...(positionals[0] ? { version: positionals[0] } : {}),
        ...(target.where === "remote"
          ? {
              restoreWorker: async (record: VersionRecord & { head: string }) => {
                if (record.worker)
                  await target.wrangler(
                    "rolling the Worker back",
                    ["rollback", record.worker, "--yes", "--message", `Dispatch content ${record.version}`],
                    300_000,
                  );
                else await deployWorker(target, record.head);
              },
            }
          : {}),
      }),
    );
    console.log(`Rolled back${done.from ? ` from ${done.from}` : ""} to content version ${done.to}.`);
  } catch (e) {
    console.error(`Rollback failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  }
}
