// The dev server behind `npm start`: wrangler's dev server (workerd) running the Worker on 127.0.0.1, its local KV
// namespace loaded with a build of content/ with drafts, and the Worker switched to each new build once every value
// of it is loaded. Values are written through the running server's own namespace: KV in the dev server keeps what it
// has read in memory and would not see a write made behind its back by a second wrangler process.
import { once } from "node:events";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";
import type { BuildResult } from "../build/build.js";
import { ValueStore } from "../build/value-store.js";
import { versionValues } from "../publish/publish.js";
import { hashOfKey, VALUE_PREFIX, valueKey } from "../shared/keys.js";

export const HOST = "127.0.0.1";

const contentVersion = (head: string) => ({ CONTENT_VERSION: { type: "plain_text" as const, value: head } });

/** The running Worker and what its namespace holds; `load` switches it to a build. */
export interface DevServer {
  /** Loads the values of `result` the namespace lacks, then has the Worker serve it; resolves to how many it added. */
  load(result: BuildResult): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the Worker serving `first` on HOST:`port`. The Worker serves the version named by CONTENT_VERSION, which
 * changes (with a reload) only once every value of a new version is loaded. wrangler.toml's build step is off, and so
 * is wrangler's watching: the caller builds, and a rebuild's dist/head.js must not reload the Worker (and end its
 * namespace's stubs) while values are still being written. The local namespace persists in .wrangler/state, the one
 * `wrangler dev`, `npm run deploy -- --local` and `wrangler kv … --local` use.
 */
export async function startDevServer(root: string, port: number, first: BuildResult): Promise<DevServer> {
  // Offline, wrangler would fetch request.cf's fields from workers.cloudflare.com and print getaddrinfo errors that
  // read like a crash; the Worker does not use them.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  const worker = await unstable_startWorker({
    config: join(root, "wrangler.toml"),
    build: { custom: { command: "" } },
    bindings: contentVersion(first.headText),
    dev: { remote: false, server: { hostname: HOST, port }, inspector: false, logLevel: "warn", watch: false },
  });
  await worker.ready;

  async function namespace() {
    const local = worker.raw.runtimes[0];
    if (!local) throw new Error("wrangler started no local runtime");
    if (!local.mf) await once(worker.raw, "reloadComplete");
    if (!local.mf) throw new Error("wrangler's local runtime has no Miniflare instance");
    await local.mf.ready;
    return local.mf.getKVNamespace("KV");
  }

  /** Value hashes the namespace holds, listed once, then kept up to date as values are added. */
  let held: Set<string> | undefined;
  async function listHeld(kv: Awaited<ReturnType<typeof namespace>>): Promise<Set<string>> {
    const hashes = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await kv.list({ prefix: VALUE_PREFIX, ...(cursor ? { cursor } : {}) });
      for (const k of page.keys) hashes.add(hashOfKey(k.name));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return hashes;
  }

  return {
    async load(result) {
      const kv = await namespace();
      held ??= await listHeld(kv);
      const store = await ValueStore.open(result.storeDir);
      const missing = (await versionValues(result.outDir)).filter(([hash]) => !held?.has(hash));
      for (const [hash] of missing) {
        const bytes = store.get(hash);
        await kv.put(
          valueKey(hash),
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        );
        held.add(hash);
      }
      if (result !== first) {
        // The Worker reloads with the new binding; the next load must not start on the namespace of the one it
        // replaces.
        const reloaded = once(worker.raw, "reloadComplete");
        await worker.patchConfig({ bindings: contentVersion(result.headText) });
        await reloaded;
      }
      return missing.length;
    },
    stop: () => worker.dispose(),
  };
}
