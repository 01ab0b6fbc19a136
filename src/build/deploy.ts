// `npm run deploy`: build, upload the values KV does not hold yet, point `current` at the new version, then deploy
// the Worker that serves it.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CURRENT_KEY, hashOfKey, VALUE_PREFIX } from "../shared/keys.js";
import { bulkEntries, groupForUpload } from "./chunks.js";
import { runBuild } from "./cli.js";
import { ValueStore } from "./store.js";

const root = resolve(import.meta.dirname, "../..");
const wrangler = resolve(root, "node_modules/.bin/wrangler");
const run = (args: string[]) => {
  const r = spawnSync(wrangler, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const result = await runBuild({ root });
if (!result) process.exit(1);
const store = await ValueStore.open(result.storeDir);
const listed = spawnSync(wrangler, ["kv", "key", "list", "--binding", "KV", "--remote", "--prefix", VALUE_PREFIX], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
const existing =
  listed.status === 0
    ? new Set((JSON.parse(listed.stdout) as { name: string }[]).map((k) => hashOfKey(k.name)))
    : undefined;
if (!existing) console.log("Listing the keys KV holds failed: every value is uploaded.");
const values = readFileSync(join(result.outDir, "values.txt"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => {
    const [hash = "", size = "0"] = line.split(" ");
    return [hash, Number(size)] as [string, number];
  });
const missing = values.filter(([h]) => !existing?.has(h));
console.log(`Uploading ${missing.length} of ${values.length} values.`);
const dir = join(result.outDir, "upload");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const [i, group] of groupForUpload(missing).entries()) {
  const file = join(dir, `${i}.json`);
  writeFileSync(file, JSON.stringify(bulkEntries(store, group)));
  run(["kv", "bulk", "put", file, "--binding", "KV", "--remote"]);
}
run(["kv", "key", "put", CURRENT_KEY, result.headText, "--binding", "KV", "--remote"]);
run(["deploy", "--var", `CONTENT_VERSION:${result.headText}`, ...process.argv.slice(2)]);
