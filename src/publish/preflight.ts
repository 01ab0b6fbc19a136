// What would make a remote publish fail or go wrong, checked before anything is built or uploaded: each problem is
// one line saying what to do.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { KvTarget } from "./kv-target.js";

/** The namespace id wrangler.toml ships with. */
const PLACEHOLDER_NAMESPACE = "00000000000000000000000000000000";
/** The origin site.yaml ships with. */
const EXAMPLE_ORIGIN = "https://dispatch.example.com";

export async function preflight(root: string, target: KvTarget): Promise<string[]> {
  const problems: string[] = [];
  if (target.where === "local") return problems;
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
  try {
    const who = await target.wrangler("checking Cloudflare credentials", ["whoami"], { timeoutMs: 30_000 });
    if (/not authenticated|You are not logged in/i.test(who))
      problems.push("No Cloudflare credentials: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN.");
  } catch (e) {
    problems.push(
      `No Cloudflare credentials, or Cloudflare cannot be reached (${e instanceof Error ? e.message.split("\n")[0] : e}): run \`npx wrangler login\`, or set CLOUDFLARE_API_TOKEN.`,
    );
  }
  return problems;
}
