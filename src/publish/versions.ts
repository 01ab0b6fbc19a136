// Published versions as KV records them: one `v/{version}` key per publish (its head, when, what it holds, the Worker
// uploads made with it), and what a version needs: its shards and every value they name.
import { hashOfKey, VALUE_PREFIX, VERSION_PREFIX, valueKey, versionKey } from "../shared/keys.js";
import { decodeHead, type Shard, shardHashes, valuesOf } from "../shared/stored-version.js";
import type { KvTarget } from "./kv-target.js";

/** What a publish records; all but `head` is also the key's metadata, so a listing shows every publish in one call. */
export interface VersionRecord {
  version: string;
  /** When it was published (ISO 8601). */
  publishedAt: string;
  articles: number;
  values: number;
  bytes: number;
  /** The head. Only in the value (metadata holds 1,024 bytes). */
  head?: string;
  /**
   * The Worker uploads made with this content (`wrangler deploy`, `versions upload`): the Worker version number each
   * was to get, and when its build step ran. Only in the value. How `npm run versions`, rollback and prune tell what
   * each Worker version serves, since its bundle carries the head and the API does not show bundles.
   */
  uploads?: WorkerUpload[];
}

export interface WorkerUpload {
  number: number;
  at: string;
}

export type RecordWithHead = VersionRecord & { head: string };

/** Uploads a record keeps: Cloudflare keeps the newest 100 Worker versions for rollbacks. */
const KEPT_UPLOADS = 100;

/** A record's key entry for a bulk write: the whole record as the value, the summary as metadata. */
export function recordEntry(record: RecordWithHead): { key: string; value: string; metadata: VersionRecord } {
  const { head, uploads, ...summary } = record;
  return {
    key: versionKey(record.version),
    value: JSON.stringify({ ...summary, head, ...(uploads ? { uploads: uploads.slice(-KEPT_UPLOADS) } : {}) }),
    metadata: summary,
  };
}

/** Every recorded publish, newest first. */
export async function listVersions(target: KvTarget): Promise<VersionRecord[]> {
  const keys = await target.list(VERSION_PREFIX);
  return keys
    .map((k) => ({ version: k.name.slice(VERSION_PREFIX.length), ...(k.metadata as object) }) as VersionRecord)
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
}

/** The records of `versions` among values read from KV (`versionKey` to text); a version with no record is absent. */
export function recordsIn(
  texts: ReadonlyMap<string, string>,
  versions: readonly string[],
): Map<string, RecordWithHead> {
  const out = new Map<string, RecordWithHead>();
  for (const version of versions) {
    const text = texts.get(versionKey(version));
    if (text === undefined) continue;
    let record: VersionRecord;
    try {
      record = JSON.parse(text) as VersionRecord;
    } catch {
      throw new Error(`${versionKey(version)} is not a version record: ${text.slice(0, 60)}`);
    }
    if (typeof record.head !== "string") throw new Error(`${versionKey(version)} holds no head`);
    out.set(version, record as RecordWithHead);
  }
  return out;
}

/** The hashes of every value KV holds. */
export async function storedValues(target: KvTarget): Promise<Set<string>> {
  return new Set((await target.list(VALUE_PREFIX)).map((k) => hashOfKey(k.name)));
}

/**
 * Every value some heads need, read from KV in one pass: their shards, and what they name. Throws when a shard is
 * missing, which means that version cannot be served as it is.
 */
export async function valuesOfHeads(
  target: KvTarget,
  headTexts: readonly string[],
): Promise<{ shards: Map<string, Shard>; values: Set<string>; byHead: Map<string, Set<string>> }> {
  const heads = headTexts.map((text) => {
    const head = decodeHead(text);
    if (!head) throw new Error(`not a content head: ${text.slice(0, 40)}…`);
    return [text, head] as const;
  });
  const all = [...new Set(heads.flatMap(([, head]) => shardHashes(head)))];
  const texts = await target.getMany(all.map(valueKey));
  const shards = new Map<string, Shard>();
  const values = new Set<string>();
  const byHead = new Map<string, Set<string>>();
  for (const [text, head] of heads) {
    const mine = new Set<string>();
    for (const hash of shardHashes(head)) {
      const body = texts.get(valueKey(hash));
      if (!body) throw new Error(`version ${head.version}: KV has no shard ${valueKey(hash)}`);
      const shard = shards.get(hash) ?? (JSON.parse(body) as Shard);
      shards.set(hash, shard);
      mine.add(hash);
      for (const v of valuesOf(shard)) mine.add(v);
    }
    for (const v of mine) values.add(v);
    byHead.set(text, mine);
  }
  return { shards, values, byHead };
}

/** Every value one head needs (see `valuesOfHeads`). */
export async function valuesOfHead(
  target: KvTarget,
  headText: string,
): Promise<{ shards: Map<string, Shard>; values: Set<string> }> {
  return valuesOfHeads(target, [headText]);
}
