// The bench's content: a bundle the build wrote, read back from kv.json, and an in-memory Workers KV to serve it from.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { KvEntry } from "../src/build/bundle.js";
import type { ArticleRecord } from "../src/shared/article.js";
import { blobKey, indexKey } from "../src/shared/keys.js";
import type { SiteIndex } from "../src/shared/site-index.js";

export interface LoadedBundle {
  version: string;
  index: SiteIndex;
  /** Every article record, newest first (the index's order). */
  articles: ArticleRecord[];
  entries: KvEntry[];
}

/** Reads a bundle the build wrote to `outDir`. */
export async function loadBundle(outDir: string): Promise<LoadedBundle> {
  const version = (await readFile(join(outDir, "version.txt"), "utf8")).trim();
  const entries = JSON.parse(await readFile(join(outDir, "kv.json"), "utf8")) as KvEntry[];
  const byKey = new Map(entries.map((e) => [e.key, e.value]));
  const value = (key: string) => {
    const v = byKey.get(key);
    if (v === undefined) throw new Error(`${outDir}/kv.json has no ${key}`);
    return v;
  };
  const index = JSON.parse(value(indexKey(version))) as SiteIndex;
  const articles = index.articles.map((a) => JSON.parse(value(blobKey(index.records[a.slug] ?? ""))) as ArticleRecord);
  return { version, index, articles, entries };
}

/**
 * The Workers KV calls the Worker makes (get as text or JSON, put), answered from a Map. JSON is parsed on every get,
 * as the real binding does, so the Worker's own memo is what makes a warm request cheap, not this fake.
 */
export function memoryKv(entries: readonly KvEntry[]): KVNamespace {
  const store = new Map(entries.map((e) => [e.key, e.value]));
  const kv = {
    async get(key: string, options?: string | { type?: string }) {
      const type = typeof options === "string" ? options : (options?.type ?? "text");
      const value = store.get(key);
      if (value === undefined) return null;
      if (type === "json") return JSON.parse(value);
      if (type !== "text") throw new Error(`memoryKv: type ${type} is not supported`);
      return value;
    },
    async put(key: string, value: string) {
      store.set(key, value);
    },
  };
  return kv as unknown as KVNamespace;
}
