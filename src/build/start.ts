// `npm start`: build content/ (drafts included), load the version into the local KV namespace, and run the Worker on
// 127.0.0.1:8787.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { CURRENT_KEY } from "../shared/keys.js";
import { runBuild } from "./cli.js";

const root = resolve(import.meta.dirname, "../..");
const HOST = "127.0.0.1";
const PORT = process.env.PORT ?? "8787";

const result = await runBuild({ root, drafts: true }, { quiet: true });
if (!result) process.exit(1);

const wrangler = resolve(root, "node_modules/.bin/wrangler");
const kvDir = join(result.outDir, "kv");
for (const chunk of readdirSync(kvDir).filter((f) => /^\d/.test(f))) {
  const put = spawnSync(wrangler, ["kv", "bulk", "put", join(kvDir, chunk), "--binding", "KV", "--local"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (put.status !== 0) process.exit(put.status ?? 1);
}
spawnSync(wrangler, ["kv", "key", "put", CURRENT_KEY, result.headText, "--binding", "KV", "--local"], {
  cwd: root,
  stdio: "ignore",
});

const base = `http://${HOST}:${PORT}`;
console.log(`
Dispatch is starting on ${base}/ (content version ${result.head.version})
  Home            ${base}/
  Atom feed       ${base}/feed.atom   (RSS: /feed.rss, JSON Feed: /feed.json)
  Topics          ${base}/topics      (OPML: /topics.opml)
  Weekly digest   ${base}/digest      (archive: /digest/archive, feed: /digest/feed.atom)
Press Ctrl-C to stop.
`);
const dev = spawn(
  wrangler,
  [
    "dev",
    "--ip",
    HOST,
    "--port",
    PORT,
    "--var",
    `CONTENT_VERSION:${result.headText}`,
    "--show-interactive-dev-session=false",
  ],
  { cwd: root, stdio: ["inherit", "inherit", "inherit"] },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
