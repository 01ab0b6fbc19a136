// `npm run deploy [-- --local]`: check, build (drafts left out), publish to Cloudflare's KV and deploy the Worker;
// with --local, publish into the local KV namespace `npm start` serves, by the same steps but the Worker deploy.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { runBuild } from "./cli.js";
import { KvTarget } from "./kv-target.js";
import { withLock } from "./lock.js";
import { preflight } from "./preflight.js";
import { formatPublish, publish } from "./publish.js";

const root = resolve(import.meta.dirname, "../..");

/** `wrangler deploy` with the head as CONTENT_VERSION; the Worker version id it reports, for rollbacks. */
export async function deployWorker(target: KvTarget, head: string): Promise<string | undefined> {
  const out = await target.wrangler("deploying the Worker", ["deploy", "--var", `CONTENT_VERSION:${head}`], 300_000);
  return /Current Version ID:\s*([0-9a-f-]{36})/i.exec(out)?.[1];
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { local: { type: "boolean", default: false } } });
  const target = new KvTarget({ root, where: values.local ? "local" : "remote" });
  const problems = await preflight(root, target);
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error("Nothing was built or uploaded.");
    return 1;
  }
  const result = await runBuild({ root }, { quiet: true });
  if (!result) return 1;
  const report = await withLock(target, "publish", () =>
    publish({
      target,
      result,
      ...(target.where === "remote" ? { deployWorker: (head: string) => deployWorker(target, head) } : {}),
    }),
  );
  console.log(formatPublish(report, target.where === "local" ? "the local KV namespace" : "Cloudflare"));
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`Publish failed: ${message}`);
    if (!message.includes("was not deployed"))
      console.error("The live site is as it was: `current` and the Worker move only after every value is stored.");
    process.exitCode = 1;
  }
}
