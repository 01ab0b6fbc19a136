// `npm run prune [-- --keep N] [--dry-run] [--local]`: delete the KV values no kept version needs. Kept: the live
// version (`current`) and the N newest publishes. Remote, N is at least 100, the Worker versions Cloudflare lets you
// roll back to (https://developers.cloudflare.com/changelog/2025-09-11-increased-version-rollback-limit/): a Worker
// rolled back to must find its content. Values are shared between versions, so what a version "owns" is never
// deleted by itself: everything the kept versions name is marked, and the rest is swept.
import { parseArgs } from "node:util";
import { decodeHead } from "../shared/content.js";
import { valueKey, versionKey } from "../shared/keys.js";
import { type CommandContext, runAsScript, targetFor } from "./command.js";
import type { KvTarget } from "./kv-target.js";
import { describeLive, readLive } from "./live.js";
import { withLock } from "./lock.js";
import { listVersions, readRecords, storedValues, valuesOfHeads } from "./versions.js";

/** Cloudflare keeps the 100 most recent Worker versions for rollback. */
export const REMOTE_MIN_KEEP = 100;

export interface PruneResult {
  kept: string[];
  /** Version records removed. */
  dropped: string[];
  /** Values deleted (or that would be, in a dry run). */
  values: string[];
}

/**
 * Deletes what no kept version needs. Fails closed: it deletes nothing unless it has read what is live (`current` and,
 * remotely, the deployed Worker's CONTENT_VERSION), the record of every version it keeps, every shard those name,
 * and a listing of KV that shows every value the live version needs.
 */
export async function prune(target: KvTarget, keep: number, dryRun: boolean): Promise<PruneResult> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error("--keep must be a whole number of at least 1");
  if (target.where === "remote" && keep < REMOTE_MIN_KEEP)
    throw new Error(
      `--keep must be at least ${REMOTE_MIN_KEEP} on Cloudflare: a Worker can be rolled back that far, and must find its content`,
    );
  const [live, versions, stored] = await Promise.all([readLive(target), listVersions(target), storedValues(target)]);
  if (live.heads.length === 0) {
    if (stored.size === 0) return { kept: [], dropped: [], values: [] };
    throw new Error(
      `cannot tell what is live (${describeLive(live)}), so nothing was deleted: publish first, or roll back to a recorded version`,
    );
  }
  const kept = versions.slice(0, keep);
  const records = await readRecords(
    target,
    kept.map((v) => v.version),
  ).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}, so nothing was deleted`);
  });
  const unread = kept.find((v) => !records.has(v.version));
  if (unread) throw new Error(`${versionKey(unread.version)} could not be read, so nothing was deleted`);
  const heads = new Set([
    ...live.heads,
    ...(live.current ? [live.current] : []),
    ...[...records.values()].map((r) => r.head),
  ]);
  const { values: marked, byHead } = await valuesOfHeads(target, [...heads]).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}; nothing was deleted`);
  });
  for (const head of live.heads) {
    const unlisted = [...(byHead.get(head) ?? [])].filter((h) => !stored.has(h));
    if (unlisted.length > 0)
      throw new Error(
        `KV's listing lacks ${unlisted.length} of the live version's values (first: ${valueKey(unlisted[0] ?? "")}): the listing or the live version is incomplete, so nothing was deleted`,
      );
  }
  const values = [...stored].filter((h) => !marked.has(h));
  const keptVersions = new Set(kept.map((v) => v.version));
  const liveVersions = new Set([...heads].map((h) => decodeHead(h)?.version));
  const dropped = versions.map((v) => v.version).filter((v) => !keptVersions.has(v) && !liveVersions.has(v));
  if (!dryRun) {
    await target.deleteMany(values.map(valueKey));
    await target.deleteMany(dropped.map(versionKey));
  }
  return { kept: [...keptVersions], dropped, values };
}

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
  const keep = Number(values.keep ?? (target.where === "remote" ? REMOTE_MIN_KEEP : 10));
  const dryRun = values["dry-run"] ?? false;
  try {
    // A dry run deletes nothing, so it takes no lock (and spends none of the day's writes).
    const r = dryRun
      ? await prune(target, keep, true)
      : await withLock(target, "prune", () => prune(target, keep, false));
    ctx.say(
      `${dryRun ? "Would delete" : "Deleted"} ${r.values.length.toLocaleString("en")} values and ${r.dropped.length} version records; ` +
        `kept the live version and ${r.kept.length} newest publishes.`,
    );
    if (dryRun) for (const v of r.dropped) ctx.say(`  version ${v}`);
    return 0;
  } catch (e) {
    ctx.warn(`Prune failed: ${e instanceof Error ? e.message : e}.`);
    return 1;
  }
}

await runAsScript(import.meta.url, main);
