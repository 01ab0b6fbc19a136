// `npm run deploy`: build, upload the new version's keys beside the old ones, then deploy the Worker that reads them.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { CURRENT_KEY } from "../shared/keys.js";
import { runBuild } from "./cli.js";

const root = resolve(import.meta.dirname, "../..");
const wrangler = resolve(root, "node_modules/.bin/wrangler");
const run = (args: string[]) => {
  const r = spawnSync(wrangler, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const version = await runBuild(root);
if (!version) process.exit(1);
// Keys are written first; until the deploy below, the running Worker keeps reading the previous version's keys.
run(["kv", "bulk", "put", "dist/kv.json", "--binding", "KV", "--remote"]);
// Only once every key is there: the version a Worker deployed without CONTENT_VERSION falls back to.
run(["kv", "key", "put", CURRENT_KEY, version, "--binding", "KV", "--remote"]);
run(["deploy", "--var", `CONTENT_VERSION:${version}`, ...process.argv.slice(2)]);
