// What readers are served now, read back from KV and the Workers API, never assumed: the deployed Worker's versions
// and the content each serves (its CONTENT_VERSION when set, else the version the build step recorded for its upload),
// every recorded publish, and `current`. Every command that moves or deletes anything starts here, and every failure
// message ends with it.

import { CURRENT_KEY, versionKey } from "../shared/keys.js";
import { decodeHead } from "../shared/stored-version.js";
import type { KvTarget } from "./kv-target.js";
import { listVersions, type RecordWithHead, recordsIn } from "./versions.js";
import { type Kept, readDeployedWorker, type ServedVersion } from "./worker-deploy.js";
import type { WorkerVersion } from "./wrangler-output.js";

export interface Live {
  /** The head `current` names, if any: local publishes, and Workers bundled before each carried its head. */
  current?: string;
  /** Remote: the live deployment's versions, or null before the first deploy. Local: absent (no Worker to ask). */
  worker?: ServedVersion[] | null;
  /** The heads readers are served. */
  heads: string[];
  /** Every recorded publish with its head, newest first. */
  records: RecordWithHead[];
}

/** How a Worker version's content was told: its CONTENT_VERSION, its upload's record, or an earlier upload's. */
export type HeadSource = "CONTENT_VERSION" | "its upload record" | "an earlier upload's record" | "`current`";

/**
 * The head a Worker version serves. Its CONTENT_VERSION when set (a rollback pins one); else the head the build step
 * recorded for the upload that made it (records name the Worker version number the upload was to get; when two claim
 * one number, as when an upload failed after its build step, the later claim made it); else, for a version no build
 * step uploaded (a secret change copies the newest bundle), the newest claim before it; else `current`, which Workers
 * bundled before each carried its head serve.
 */
export function headOfWorkerVersion(
  v: WorkerVersion,
  records: readonly RecordWithHead[],
  current: string | undefined,
): { head?: string; from?: HeadSource } {
  const pinned = v.vars.CONTENT_VERSION?.trim();
  if (pinned) return { head: pinned, from: "CONTENT_VERSION" };
  if (v.number !== undefined) {
    const claims = records.flatMap((r) => (r.uploads ?? []).map((u) => ({ ...u, head: r.head })));
    const newest = (list: typeof claims) => list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0];
    const exact = newest(claims.filter((c) => c.number === v.number));
    if (exact) return { head: exact.head, from: "its upload record" };
    const below = claims.filter((c) => c.number < (v.number as number));
    const top = Math.max(...below.map((c) => c.number));
    const earlier = newest(below.filter((c) => c.number === top));
    if (earlier) return { head: earlier.head, from: "an earlier upload's record" };
  }
  return current ? { head: current, from: "`current`" } : {};
}

/** Every recorded publish with its head, newest first. */
export async function readAllRecords(target: KvTarget): Promise<RecordWithHead[]> {
  return (await readRecordsAnd(target, [])).records;
}

/**
 * Every recorded publish with its head, newest first, and the values of `keys`, read in the same `kv bulk get`: a
 * record's key is known only from the listing, and one more wrangler process for a few more keys costs seconds.
 */
async function readRecordsAnd(
  target: KvTarget,
  keys: readonly string[],
): Promise<{ records: RecordWithHead[]; texts: Map<string, string> }> {
  const listed = await listVersions(target);
  const versions = listed.map((v) => v.version);
  const texts = await target.getMany([...keys, ...versions.map(versionKey)]);
  const records = recordsIn(texts, versions);
  return {
    records: versions.map((version) => {
      const record = records.get(version);
      if (!record) throw new Error(`${versionKey(version)} is listed but could not be read`);
      return record;
    }),
    texts,
  };
}

/**
 * What is live now. `kept`: the Worker versions `wrangler versions list` gave, when the command reads them anyway;
 * the live ones among them are then not read again one by one.
 */
export async function readLive(target: KvTarget, kept?: Kept): Promise<Live> {
  const [{ records, texts }, worker] = await Promise.all([
    readRecordsAnd(target, [CURRENT_KEY]),
    target.where === "remote" ? readDeployedWorker(target, kept) : undefined,
  ]);
  const current = texts.get(CURRENT_KEY)?.trim() || undefined;
  if (worker === undefined) return { ...(current ? { current } : {}), heads: current ? [current] : [], records };
  const served = (worker ?? []).map((v) => ({ ...v, ...headOfWorkerVersion(v, records, current) }));
  const heads = [...new Set(served.flatMap((v) => (v.head ? [v.head] : [])))];
  return { ...(current ? { current } : {}), worker: worker ? served : null, heads, records };
}

const versionOf = (head: string | undefined) =>
  head ? (decodeHead(head)?.version ?? "an unreadable head") : undefined;

/** The one content version readers are served, or undefined when none is or when a gradual deployment serves two. */
export function liveVersion(live: Live): string | undefined {
  return live.heads.length === 1 ? versionOf(live.heads[0]) : undefined;
}

/** One line: what the Worker serves (or `current` names, locally), as read. */
export function describeLive(live: Live): string {
  const current = live.current
    ? `\`current\` names content version ${versionOf(live.current)}`
    : "`current` is not set";
  if (live.worker === undefined) return `${current}.`;
  if (live.worker === null) return "No Worker is deployed.";
  const served = live.worker.map(
    (v) =>
      `Worker version ${v.number ? `${v.number} (${v.id})` : v.id}${live.worker && live.worker.length > 1 ? ` at ${v.percentage}%` : ""} serves ` +
      (v.head ? `content version ${versionOf(v.head)} (by ${v.from})` : "no content version Dispatch recorded"),
  );
  return `${served.join("; ")}.`;
}
