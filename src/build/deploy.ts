// `npm run deploy`: build, upload what the new version adds, point `current` at it, then deploy the Worker that reads it.
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CURRENT_KEY } from "../shared/keys.js";
import type { KvEntry } from "./bundle.js";
import { runBuild } from "./cli.js";
import { entriesToUpload, parseKeyList } from "./upload.js";

const root = resolve(import.meta.dirname, "../..");
const wrangler = resolve(root, "node_modules/.bin/wrangler");
const run = (args: string[]) => {
  const r = spawnSync(wrangler, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const version = await runBuild(root);
if (!version) process.exit(1);

const entries = JSON.parse(await readFile(resolve(root, "dist/kv.json"), "utf8")) as KvEntry[];
const listed = spawnSync(wrangler, ["kv", "key", "list", "--binding", "KV", "--remote", "--prefix", "b/"], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
// If the listing fails, everything is uploaded: slower, never wrong.
const existing = listed.status === 0 ? parseKeyList(listed.stdout) : new Set<string>();
const upload = entriesToUpload(entries, existing);
console.log(`Uploading ${upload.length} of ${entries.length} KV entries (the rest are already there).`);
await writeFile(resolve(root, "dist/kv-upload.json"), JSON.stringify(upload));

// Keys are written first; until the deploy below, the running Worker keeps reading the previous version's index.
run(["kv", "bulk", "put", "dist/kv-upload.json", "--binding", "KV", "--remote"]);
// Only once every key is there: the version a Worker deployed without CONTENT_VERSION falls back to.
run(["kv", "key", "put", CURRENT_KEY, version, "--binding", "KV", "--remote"]);
run(["deploy", "--var", `CONTENT_VERSION:${version}`, ...process.argv.slice(2)]);
