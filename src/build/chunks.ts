// The version's values as the files `wrangler kv bulk put` takes (dist/kv/*.json), each within the limits of one
// bulk request: wrangler sends a file in batches of 1,000 keys, and the API takes 100 MB a request.
import { existsSync } from "node:fs";
import { link, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { addTo, nextPowerOfTwo } from "../shared/group.js";
import { valueKey } from "../shared/keys.js";
import { contentHashSync } from "./hash.js";
import type { ValueStore } from "./value-store.js";

/** Keys a chunk may hold, well under wrangler's batch of 1,000, so one file is one request. */
const CHUNK_KEYS = 500;
/**
 * Keys a chunk aims at: small enough that a publish which changed a few dozen values rewrites a few dozen small
 * files (about 0.4 MB each) rather than a few dozen 3 MB ones.
 */
const CHUNK_TARGET = 64;
/** Bytes of values a chunk may hold: base64 adds a third, and the request must stay under 100 MB. */
const CHUNK_BYTES = 48 * 1024 * 1024;

/** One entry of a bulk-put file (https://developers.cloudflare.com/kv/reference/kv-commands/#kv-bulk-put). */
export interface BulkEntry {
  key: string;
  value: string;
  base64?: boolean;
  /** Stored with the key; a listing returns it (at most 1,024 bytes as JSON). */
  metadata?: object;
}

/** A bulk-put file's entries for `hashes`, every value base64 (compressed documents are not UTF-8). */
export function bulkEntries(store: ValueStore, hashes: Iterable<string>): BulkEntry[] {
  return [...hashes].map((h) => ({
    key: valueKey(h),
    value: Buffer.from(store.get(h)).toString("base64"),
    base64: true,
  }));
}

/** Splits sized values into groups of at most CHUNK_KEYS keys and CHUNK_BYTES bytes. */
export function groupForUpload(values: [string, number][]): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let bytes = 0;
  for (const [hash, size] of values) {
    if (group.length > 0 && (group.length >= CHUNK_KEYS || bytes + size > CHUNK_BYTES)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(hash);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Writes every value of the version into `dir` as bulk-put files. Values go to files by the first characters of
 * their hash, so a rebuild that changed a few values rewrites the few files they fall in and links the rest from the
 * previous build's `previousDir`.
 */
export async function writeChunks(
  store: ValueStore,
  values: Map<string, number>,
  dir: string,
  previousDir: string,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const buckets = nextPowerOfTwo(values.size / CHUNK_TARGET);
  const byBucket = new Map<number, [string, number][]>();
  for (const entry of [...values].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const b = Buffer.from(entry[0], "base64url").readUInt32BE(0) % buckets;
    addTo(byBucket, b, entry);
  }
  const previous = JSON.parse(await readFile(join(previousDir, "index.json"), "utf8").catch(() => "{}")) as Record<
    string,
    string
  >;
  const index: Record<string, string> = {};
  const files: string[] = [];
  for (const [bucket, entries] of [...byBucket].sort(([a], [b]) => a - b)) {
    for (const [i, group] of groupForUpload(entries).entries()) {
      const name = `${String(bucket).padStart(4, "0")}${i > 0 ? `-${i}` : ""}.json`;
      const fingerprint = contentHashSync(group.join(","));
      index[name] = fingerprint;
      files.push(name);
      const old = join(previousDir, name);
      if (previous[name] === fingerprint && existsSync(old)) await link(old, join(dir, name));
      else await writeFile(join(dir, name), JSON.stringify(bulkEntries(store, group)));
    }
  }
  await writeFile(join(dir, "index.json"), JSON.stringify(index));
  return files;
}
