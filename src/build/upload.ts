// What a publish uploads: the version's index, and only the hash-named values KV does not already hold.
import type { KvEntry } from "./bundle.js";

/**
 * The entries of a bundle that KV lacks, given the keys it holds. A `b/` key names its bytes, so one that exists holds
 * exactly these bytes and need not be written again; anything else (the index) is always written. On a site of a
 * thousand articles, adding one rewrites tens of values instead of thousands (KV bills, and limits, writes).
 */
export function entriesToUpload(entries: KvEntry[], existing: ReadonlySet<string>): KvEntry[] {
  return entries.filter((e) => !(e.key.startsWith("b/") && existing.has(e.key)));
}

/** Key names from `wrangler kv key list` output (a JSON array of { name }). */
export function parseKeyList(json: string): Set<string> {
  const list = JSON.parse(json) as { name: string }[];
  return new Set(list.map((k) => k.name));
}
