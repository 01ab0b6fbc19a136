// `npm run prune [-- --keep N] [--dry-run] [--local]`: delete the KV values no kept version needs. Kept: the live
// version (`current`) and the N newest publishes. Remote, N is at least 100, the Worker versions Cloudflare lets you
// roll back to (https://developers.cloudflare.com/changelog/2025-09-11-increased-version-rollback-limit/): a Worker
// rolled back to must find its content. Values are shared between versions, so what a version "owns" is never
// deleted by itself: everything the kept versions name is marked, and the rest is swept.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { decodeHead } from "../shared/content.js";
import { valueKey, versionKey } from "../shared/keys.js";
import { KvTarget } from "./kv-target.js";
import { withLock } from "./lock.js";
import { listVersions, liveHead, readRecord, storedValues, valuesOfHead } from "./versions.js";

/** Cloudflare keeps the 100 most recent Worker versions for rollback. */
export const REMOTE_MIN_KEEP = 100;

export interface PruneResult {
  kept: string[];
  /** Version records removed. */
  dropped: string[];
  /** Values deleted (or that would be, in a dry run). */
  values: string[];
}

export async function prune(target: KvTarget, keep: number, dryRun: boolean): Promise<PruneResult> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error("--keep must be a whole number of at least 1");
  if (target.where === "remote" && keep < REMOTE_MIN_KEEP)
    throw new Error(
      `--keep must be at least ${REMOTE_MIN_KEEP} on Cloudflare: a Worker can be rolled back that far, and must find its content`,
    );
  const live = await liveHead(target);
  const versions = await listVersions(target);
  const kept = versions.slice(0, keep);
  const heads: string[] = live ? [live] : [];
  for (const v of kept) {
    const record = await readRecord(target, v.version);
    if (record) heads.push(record.head);
  }
  const marked = new Set<string>();
  for (const head of new Set(heads)) for (const h of (await valuesOfHead(target, head)).values) marked.add(h);
  const stored = await storedValues(target);
  const values = [...stored].filter((h) => !marked.has(h));
  const keptVersions = new Set(kept.map((v) => v.version));
  const liveVersion = live ? decodeHead(live)?.version : undefined;
  const dropped = versions.map((v) => v.version).filter((v) => !keptVersions.has(v) && v !== liveVersion);
  if (!dryRun) {
    await target.deleteMany(values.map(valueKey));
    await target.deleteMany(dropped.map(versionKey));
  }
  return { kept: [...keptVersions], dropped, values };
}

const root = resolve(import.meta.dirname, "../..");

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      local: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      keep: { type: "string" },
    },
  });
  const target = new KvTarget({ root, where: values.local ? "local" : "remote" });
  const keep = Number(values.keep ?? (target.where === "remote" ? REMOTE_MIN_KEEP : 10));
  const dryRun = values["dry-run"] ?? false;
  try {
    const r = await withLock(target, "prune", () => prune(target, keep, dryRun));
    console.log(
      `${dryRun ? "Would delete" : "Deleted"} ${r.values.length.toLocaleString("en")} values and ${r.dropped.length} version records; ` +
        `kept the live version and ${r.kept.length} newest publishes.`,
    );
    if (dryRun) for (const v of r.dropped) console.log(`  version ${v}`);
  } catch (e) {
    console.error(`Prune failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  }
}
