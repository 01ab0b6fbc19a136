// Published versions as KV records them: one `v/{version}` key per publish (its head, when, what it holds, the Worker
// version deployed with it), and what a version needs: its shards and every value they name.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { decodeHead, type Shard, shardHashes, valuesOf } from "../shared/content.js";
import { CURRENT_KEY, hashOfKey, VALUE_PREFIX, VERSION_PREFIX, valueKey, versionKey } from "../shared/keys.js";
import { KvTarget } from "./kv-target.js";

/** What a publish records; all but `head` is also the key's metadata, so a listing shows every publish in one call. */
export interface VersionRecord {
  version: string;
  /** When it was published (ISO 8601). */
  publishedAt: string;
  articles: number;
  values: number;
  bytes: number;
  /** The Cloudflare Worker version deployed with it (remote publishes), for `wrangler rollback`. */
  worker?: string;
  /** The head: CONTENT_VERSION and `current` for this version. Only in the value (metadata holds 1,024 bytes). */
  head?: string;
}

export async function writeRecord(target: KvTarget, record: VersionRecord & { head: string }): Promise<void> {
  const { head, ...summary } = record;
  await target.put(versionKey(record.version), JSON.stringify({ ...summary, head }), summary);
}

/** Every recorded publish, newest first. */
export async function listVersions(target: KvTarget): Promise<VersionRecord[]> {
  const keys = await target.list(VERSION_PREFIX);
  return keys
    .map((k) => ({ version: k.name.slice(VERSION_PREFIX.length), ...(k.metadata as object) }) as VersionRecord)
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
}

/** A recorded publish with its head. */
export async function readRecord(
  target: KvTarget,
  version: string,
): Promise<(VersionRecord & { head: string }) | undefined> {
  const text = await target.getText(versionKey(version));
  if (!text) return undefined;
  const record = JSON.parse(text) as VersionRecord;
  return record.head ? (record as VersionRecord & { head: string }) : undefined;
}

/** The head `current` names, or undefined before the first publish. */
export async function liveHead(target: KvTarget): Promise<string | undefined> {
  return (await target.getText(CURRENT_KEY))?.trim() || undefined;
}

/** The hashes of every value KV holds. */
export async function storedValues(target: KvTarget): Promise<Set<string>> {
  return new Set((await target.list(VALUE_PREFIX)).map((k) => hashOfKey(k.name)));
}

/**
 * Every value a head needs, read from KV: its shards, and what they name. Throws when a shard is missing, which
 * means the version cannot be served as it is.
 */
export async function valuesOfHead(
  target: KvTarget,
  headText: string,
): Promise<{ shards: Map<string, Shard>; values: Set<string> }> {
  const head = decodeHead(headText);
  if (!head) throw new Error(`not a content head: ${headText.slice(0, 40)}…`);
  const hashes = shardHashes(head);
  const texts = await target.getMany(hashes.map(valueKey));
  const shards = new Map<string, Shard>();
  const values = new Set<string>(hashes);
  for (const hash of hashes) {
    const text = texts.get(valueKey(hash));
    if (!text) throw new Error(`version ${head.version}: KV has no shard ${valueKey(hash)}`);
    const shard = JSON.parse(text) as Shard;
    shards.set(hash, shard);
    for (const v of valuesOf(shard)) values.add(v);
  }
  return { shards, values };
}

/** `npm run versions [-- --local]`: every publish, newest first, the live one marked. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { local: { type: "boolean", default: false } },
  });
  const target = new KvTarget({
    root: resolve(import.meta.dirname, "../.."),
    where: values.local ? "local" : "remote",
  });
  try {
    const live = await liveHead(target);
    const liveVersion = live ? decodeHead(live)?.version : undefined;
    const versions = await listVersions(target);
    if (versions.length === 0) console.log("No publishes recorded yet.");
    for (const v of versions)
      console.log(
        `${v.version === liveVersion ? "* " : "  "}${v.version}  ${v.publishedAt}  ${String(v.articles).padStart(7)} articles  ` +
          `${(v.bytes / 1024 / 1024).toFixed(1).padStart(7)} MiB${v.worker ? `  Worker ${v.worker}` : ""}${v.version === liveVersion ? "  (live)" : ""}`,
      );
  } catch (e) {
    console.error(`Listing versions failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  }
}
