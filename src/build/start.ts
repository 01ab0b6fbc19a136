// `npm start [-- --port N]`: build content/ with its drafts, run the Worker on 127.0.0.1:8787 (or --port, or PORT;
// wrangler's dev server, in workerd),
// load the version into its local KV namespace, and do it again whenever content/ or site.yaml changes: a saved file
// is served a moment later, and a change that breaks the build is reported while the last good version stays up.
import { once } from "node:events";
import { watch } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { unstable_startWorker } from "wrangler";
import { hashOfKey, VALUE_PREFIX, valueKey } from "../shared/keys.js";
import type { BuildResult } from "./build.js";
import { runBuild } from "./cli.js";
import { versionValues } from "./publish.js";
import { ValueStore } from "./store.js";

const root = process.cwd();
const HOST = "127.0.0.1";
const { values: flags } = parseArgs({ options: { port: { type: "string", short: "p" } } });
const PORT = Number(flags.port ?? process.env.PORT ?? 8787);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) {
  console.error(`--port takes a port number, not ${flags.port ?? process.env.PORT}.`);
  process.exit(1);
}

// Watch first: a file saved while the first build runs is rebuilt as soon as the server is up, never missed.
let ready = false;
let savedBeforeReady = false;
const early = () => {
  savedBeforeReady = true;
};
const watchers = [
  watch(join(root, "content"), { recursive: true }, () => (ready ? changed() : early())),
  watch(join(root, "site.yaml"), () => (ready ? changed() : early())),
];

// Offline, wrangler would fetch request.cf's fields from workers.cloudflare.com and print getaddrinfo errors that read
// like a crash; the Worker does not use them.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
process.env.WRANGLER_SEND_METRICS = "false";

const first = await runBuild({ root, drafts: true }, { quiet: true });
if (!first) process.exit(1);

// The Worker serves the version named by CONTENT_VERSION, which changes (with a reload) only once every value of a
// new version is loaded. wrangler.toml's build step is off, and so is wrangler's watching: this process builds and
// loads itself, and a rebuild's dist/head.js must not reload the Worker (and end its namespace's stubs) while values
// are still being written. The local namespace persists in .wrangler/state, the one `wrangler dev`,
// `npm run deploy -- --local` and `wrangler kv … --local` use.
const contentVersion = (head: string) => ({ CONTENT_VERSION: { type: "plain_text" as const, value: head } });
const worker = await unstable_startWorker({
  config: join(root, "wrangler.toml"),
  build: { custom: { command: "" } },
  bindings: contentVersion(first.headText),
  dev: { remote: false, server: { hostname: HOST, port: PORT }, inspector: false, logLevel: "warn", watch: false },
});
await worker.ready;

/**
 * The namespace of the running Worker. Values are written through it, not by a second wrangler process: KV in the
 * dev server keeps what it has read in memory and would not see a write made behind its back.
 */
async function namespace() {
  const local = worker.raw.runtimes[0];
  if (!local) throw new Error("wrangler started no local runtime");
  if (!local.mf) await once(worker.raw, "reloadComplete");
  if (!local.mf) throw new Error("wrangler's local runtime has no Miniflare instance");
  await local.mf.ready;
  return local.mf.getKVNamespace("KV");
}

/** Value hashes the namespace holds, listed once, then kept up to date as this process adds to it. */
let held: Set<string> | undefined;

/** Loads a built version: the values the namespace lacks, then the Worker is told to serve it. */
async function load(result: BuildResult): Promise<number> {
  const kv = await namespace();
  if (!held) {
    held = new Set();
    let cursor: string | undefined;
    do {
      const page = await kv.list({ prefix: VALUE_PREFIX, ...(cursor ? { cursor } : {}) });
      for (const k of page.keys) held.add(hashOfKey(k.name));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
  }
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
    // The Worker reloads with the new binding; the next load must not start on the namespace of the one it replaces.
    const reloaded = once(worker.raw, "reloadComplete");
    await worker.patchConfig({ bindings: contentVersion(result.headText) });
    await reloaded;
  }
  return missing.length;
}

await load(first);
const base = `http://${HOST}:${PORT}`;
console.log(`
Dispatch is serving ${base}/ (content version ${first.head.version}, drafts shown and marked)
  Home            ${base}/
  Subscribe       ${base}/feeds       (Atom feed: /feed.atom; RSS: /feed.rss; JSON Feed: /feed.json)
  Topics          ${base}/topics      (OPML: /topics.opml)
  Weekly digest   ${base}/digest      (archive: /digest/archive, feed: /digest/feed.atom)
  Digest email    ${base}/digest/{week}/email, e.g. the latest week's: open /digest and add /email to its address
Watching content/ and site.yaml: a saved change is rebuilt and served here. Press Ctrl-C to stop.
`);

// Saves come in bursts (an editor writes a temporary file, then renames it): rebuild once they settle, and again if
// more arrived during a build.
let timer: NodeJS.Timeout | undefined;
let building = false;
let again = false;
async function rebuild(): Promise<void> {
  if (building) {
    again = true;
    return;
  }
  building = true;
  const started = performance.now();
  try {
    const result = await runBuild({ root, drafts: true }, { quiet: true });
    if (result) {
      const added = await load(result);
      console.log(
        `Serving content version ${result.head.version}: ${added} new values loaded, ${((performance.now() - started) / 1000).toFixed(1)} s after the change settled`,
      );
    } else console.log("The build failed (above): still serving the last good version.");
  } catch (e) {
    console.error(`Reloading failed: ${e instanceof Error ? e.message : e}; still serving the last good version.`);
  } finally {
    building = false;
    if (again) {
      again = false;
      void rebuild();
    }
  }
}
const changed = () => {
  clearTimeout(timer);
  timer = setTimeout(() => void rebuild(), 150);
};
ready = true;
if (savedBeforeReady) changed();

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    for (const w of watchers) w.close();
    void worker.dispose().finally(() => process.exit(0));
  });
