// Rolling back (`npm run rollback`, src/cli/rollback.ts): serve an earlier publish again, code and content together. Remote: the
// newest Worker version Cloudflare keeps that serves that content comes back (`wrangler rollback`); when none does,
// this code is deployed pinned to it (CONTENT_VERSION). Local: `current` names it. Refused when KV no longer holds
// every value the version needs (a prune removed it).
import { CURRENT_KEY } from "../shared/keys.js";
import type { KvTarget } from "./kv-target.js";
import { describeLive, headOfWorkerVersion, liveVersion, readLive } from "./live.js";
import { type RecordWithHead, storedValues, valuesOfHead } from "./versions.js";
import { deployPinned, listWorkerVersions } from "./worker-deploy.js";
import type { WorkerVersion } from "./wrangler-output.js";

export interface RollbackOptions {
  target: KvTarget;
  /** The version to serve; the publish before the live one when absent. */
  version?: string;
  /**
   * Brings back the Worker (remote): `wrangler rollback` to a kept version serving it, or a pinned deploy. Given the
   * Worker versions Cloudflare keeps, read with what is live.
   */
  restoreWorker?: (record: RecordWithHead, records: RecordWithHead[], kept: readonly WorkerVersion[]) => Promise<void>;
}

export async function rollback({
  target,
  version,
  restoreWorker,
}: RollbackOptions): Promise<{ from?: string; to: string }> {
  const kept = restoreWorker ? listWorkerVersions(target) : Promise.resolve([]);
  const [live, stored, workers] = await Promise.all([readLive(target, kept), storedValues(target), kept]);
  const versions = live.records;
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
  const record = versions.find((v) => v.version === chosen);
  if (!record) throw new Error(`no publish of version ${chosen} is recorded (\`npm run versions\` lists them)`);
  const needed = await valuesOfHead(target, record.head);
  const missing = [...needed.values].filter((h) => !stored.has(h));
  if (missing.length > 0)
    throw new Error(`version ${chosen} cannot be served: KV lacks ${missing.length} of its values (pruned?)`);
  if (restoreWorker) await restoreWorker(record, versions, workers);
  else if (live.current !== record.head) await target.put(CURRENT_KEY, record.head);
  return { ...(liveVersionNow ? { from: liveVersionNow } : {}), to: chosen };
}

/** Brings back a Worker serving `record`'s content: the newest kept Worker version that does, else a pinned deploy. */
export async function restoreWorkerFor(
  target: KvTarget,
  record: RecordWithHead,
  records: RecordWithHead[],
  kept: readonly WorkerVersion[],
) {
  const serving = kept
    .filter((v) => {
      const told = headOfWorkerVersion(v, records, undefined);
      return told.head === record.head && told.from !== "an earlier upload's record";
    })
    .sort((a, b) => (b.number ?? 0) - (a.number ?? 0))[0];
  if (serving)
    await target.wrangler(
      "rolling the Worker back",
      ["rollback", serving.id, "--yes", "--message", `Dispatch content ${record.version}`],
      { timeoutMs: 300_000 },
    );
  else await deployPinned(target, record.head);
}
