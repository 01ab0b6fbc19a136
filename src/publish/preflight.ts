// What would make a remote publish fail or go wrong, checked before anything is built or uploaded: each problem is
// one line saying what to do.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type KvTarget, WranglerError } from "./kv-target.js";
import { listWorkerVersions } from "./worker-deploy.js";
import type { WorkerVersion } from "./wrangler-output.js";

/** The namespace id wrangler.toml ships with. */
const PLACEHOLDER_NAMESPACE = "00000000000000000000000000000000";
/** The origin site.yaml ships with. */
const EXAMPLE_ORIGIN = "https://dispatch.example.com";

export interface Preflight {
  problems: string[];
  /** Remote: the Worker versions Cloudflare keeps, read to check the credentials (a publish needs them next). */
  workerVersions?: WorkerVersion[];
}

export async function preflight(root: string, target: KvTarget): Promise<Preflight> {
  const problems: string[] = [];
  if (target.where === "local") return { problems };
  const toml = (await readFile(join(root, "wrangler.toml"), "utf8")).split("\n");
  const idLine = toml.findIndex((l) => /^\s*id\s*=/.test(l) && l.includes(`"${PLACEHOLDER_NAMESPACE}"`));
  if (idLine >= 0)
    problems.push(
      `wrangler.toml:${idLine + 1}: kv_namespaces id: the placeholder ${PLACEHOLDER_NAMESPACE}; run \`npx wrangler kv namespace create KV\` and put the id it prints there.`,
    );
  const site = (await readFile(join(root, "site.yaml"), "utf8")).split("\n");
  const originLine = site.findIndex((l) => /^origin:\s*["']?([^"'\s#]+)/.exec(l)?.[1] === EXAMPLE_ORIGIN);
  if (originLine >= 0)
    problems.push(
      `site.yaml:${originLine + 1}: origin: the example ${EXAMPLE_ORIGIN}; set it to the address readers will use, since every feed link and id is built on it.`,
    );
  // The credentials are checked by the first call a publish needs anyway, rather than a `wrangler whoami` of its own:
  // wrangler says it has none before it sends anything.
  try {
    return { problems, workerVersions: await listWorkerVersions(target) };
  } catch (e) {
    // The API's own line when it gave one ("Authentication error [code: 10000]"), else the first.
    const lines = (e instanceof Error ? e.message : String(e)).split("\n");
    const message = lines.find((l) => /\[code: \d+\]/.test(l)) ?? lines[0];
    problems.push(
      e instanceof WranglerError && e.noCredentials
        ? "No Cloudflare credentials: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN."
        : `No Cloudflare credentials, or Cloudflare cannot be reached (${message}): run \`npx wrangler login\`, or set CLOUDFLARE_API_TOKEN.`,
    );
    return { problems };
  }
}
