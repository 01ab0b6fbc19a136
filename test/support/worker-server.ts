// Runs the real Worker (wrangler's unstable_startWorker, in workerd) on 127.0.0.1 with KV seeded from a build's dist/.
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unstable_startWorker } from "wrangler";
import { kvChunks } from "./dist.js";

const root = resolve(import.meta.dirname, "../..");

export interface RunningWorker {
  /** Where the Worker answers, e.g. http://127.0.0.1:41679 (a free port, chosen by the OS). */
  origin: string;
  stop(): Promise<void>;
}

/** The build the Worker serves, as `npm start` loads it: kv/*.json and version.txt of a build's dist/. */
function readBuild(dist: string): { version: string; bundle: { key: string; value: string; base64?: boolean }[] } {
  const versionFile = join(dist, "version.txt");
  const kvDir = join(dist, "kv");
  if (!existsSync(versionFile) || !existsSync(kvDir)) {
    throw new Error(`No build in ${dist}: run \`npm run build\` first (\`npm test\` does).`);
  }
  return {
    version: readFileSync(versionFile, "utf8").trim(),
    bundle: kvChunks(dist).flatMap((c) => c.entries),
  };
}

/**
 * Starts wrangler.toml's Worker on 127.0.0.1 (a free port) with KV holding the build in `dist` (the project's, which
 * `npm test` builds, unless told otherwise) and CONTENT_VERSION set to its head.
 */
export async function startDispatchWorker(dist = resolve(root, "dist")): Promise<RunningWorker> {
  const { version, bundle } = readBuild(dist);
  // Offline and private: no fetch of Request.cf from workers.cloudflare.com, no usage metrics.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";

  const worker = await unstable_startWorker({
    config: resolve(root, "wrangler.toml"),
    // wrangler.toml's build step would build and load content/ itself; this serves the given build.
    build: { custom: { command: "" } },
    bindings: { CONTENT_VERSION: { type: "plain_text", value: version } },
    dev: {
      remote: false,
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      persist: false,
      watch: false,
      liveReload: false,
      logLevel: "warn",
    },
  });
  try {
    await worker.ready;
    // `ready` is the proxy in front; the Worker's own Miniflare appears once the first bundle has loaded.
    const local = worker.raw.runtimes[0];
    if (!local) throw new Error("wrangler started no local runtime");
    if (!local.mf) await once(worker.raw, "reloadComplete");
    const mf = local.mf;
    if (!mf) throw new Error("wrangler's local runtime has no Miniflare instance after reloading");
    await mf.ready;
    // The same keys and values `wrangler kv bulk put dist/kv/….json --binding KV --local` writes for `npm start`.
    const kv = await mf.getKVNamespace("KV");
    await Promise.all(
      bundle.map(({ key, value, base64 }) => {
        const bytes = base64 ? Buffer.from(value, "base64") : Buffer.from(value);
        return kv.put(key, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }),
    );
    const url = await worker.url;
    return { origin: url.origin, stop: () => worker.dispose() };
  } catch (error) {
    await worker.dispose();
    throw error;
  }
}
