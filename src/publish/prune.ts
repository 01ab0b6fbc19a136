// Pruning (`npm run prune`, src/cli/prune.ts): deletes the KV values no kept version needs. Kept: what is live,
// the N newest publishes (10 when not given), and, remotely, what every Worker version Cloudflare keeps for rollbacks
// (the newest 100, https://developers.cloudflare.com/changelog/2025-09-11-increased-version-rollback-limit/) serves:
// `wrangler rollback` and `wrangler versions deploy` may bring any of them back, and each must find its content.
// Values are shared between versions, so what a version "owns" is never deleted by itself: everything the kept
// versions name is marked, and the rest is swept.
import { valueKey, versionKey } from "../shared/keys.js";
import { decodeHead } from "../shared/stored-version.js";
import type { KvTarget } from "./kv-target.js";
import { describeLive, headOfWorkerVersion, readLive } from "./live.js";
import { storedValues, valuesOfHeads } from "./versions.js";
import { listWorkerVersions } from "./worker-deploy.js";

export interface PruneResult {
  kept: string[];
  /** Version records removed. */
  dropped: string[];
  /** Values deleted (or that would be, in a dry run). */
  values: string[];
}

/**
 * Deletes what no kept version needs. Fails closed: it deletes nothing unless it has read what is live, every
 * version record, remotely every Worker version Cloudflare keeps, every shard the kept versions name, and a listing
 * of KV that shows every value the live version needs.
 */
export async function prune(target: KvTarget, keep: number, dryRun: boolean): Promise<PruneResult> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error("--keep must be a whole number of at least 1");
  const closed = (e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}, so nothing was deleted`);
  };
  const kept = target.where === "remote" ? listWorkerVersions(target) : Promise.resolve([]);
  const [live, stored, workers] = await Promise.all([
    readLive(target, kept).catch(closed),
    storedValues(target),
    kept.catch(closed),
  ]);
  if (live.heads.length === 0) {
    if (stored.size === 0) return { kept: [], dropped: [], values: [] };
    throw new Error(
      `cannot tell what is live (${describeLive(live)}), so nothing was deleted: publish first, or roll back to a recorded version`,
    );
  }
  const versions = live.records;
  // Every head a kept Worker version may serve: the one told for it, and any upload claiming a number in their range
  // (two uploads that claimed one number are both kept).
  const lowest = Math.min(...workers.map((v) => v.number ?? 0));
  const workerHeads = workers.flatMap((v) => headOfWorkerVersion(v, versions, live.current).head ?? []);
  const claimed = versions.filter((r) => r.uploads?.some((u) => u.number >= lowest)).map((r) => r.head);
  const heads = new Set([
    ...live.heads,
    ...(live.current ? [live.current] : []),
    ...versions.slice(0, keep).map((r) => r.head),
    ...workerHeads,
    ...claimed,
  ]);
  const { values: marked, byHead } = await valuesOfHeads(target, [...heads]).catch(closed);
  for (const head of live.heads) {
    const unlisted = [...(byHead.get(head) ?? [])].filter((h) => !stored.has(h));
    if (unlisted.length > 0)
      throw new Error(
        `KV's listing lacks ${unlisted.length} of the live version's values (first: ${valueKey(unlisted[0] ?? "")}): the listing or the live version is incomplete, so nothing was deleted`,
      );
  }
  const values = [...stored].filter((h) => !marked.has(h));
  const keptVersions = new Set(versions.filter((r) => heads.has(r.head)).map((r) => r.version));
  for (const h of heads) {
    const v = decodeHead(h)?.version;
    if (v) keptVersions.add(v);
  }
  const dropped = versions.map((v) => v.version).filter((v) => !keptVersions.has(v));
  // One list, the values first and then the dropped versions' records, in as few bulk deletes (1,000 keys each) as it
  // takes: a prune that stops half-way leaves records whose values are gone, which a rollback refuses (it checks every
  // value) and the next prune deletes.
  if (!dryRun) await target.deleteMany([...values.map(valueKey), ...dropped.map(versionKey)]);
  return { kept: [...keptVersions], dropped, values };
}
