// `npm start`: build content/ with its drafts, load the version into the local KV namespace, run the Worker on
// 127.0.0.1:8787, and keep doing the first two whenever content/ or site.yaml changes: a saved file is served a
// couple of seconds later, and a change that breaks the build is reported while the last good version stays up.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { join, resolve } from "node:path";
import { CURRENT_KEY } from "../shared/keys.js";
import { runBuild } from "./cli.js";
import { KvTarget } from "./kv-target.js";
import { uploadVersion } from "./publish.js";

const root = resolve(import.meta.dirname, "../..");
const HOST = "127.0.0.1";
const PORT = process.env.PORT ?? "8787";
const target = new KvTarget({ root, where: "local" });

/** Builds and loads one version; false when the build failed (it has printed why). */
async function buildAndLoad(quiet: boolean): Promise<{ version: string; ms: number } | undefined> {
  const started = performance.now();
  const result = await runBuild({ root, drafts: true }, { quiet });
  if (!result) return undefined;
  await uploadVersion(target, result, () => {});
  await target.put(CURRENT_KEY, result.headText);
  return { version: result.head.version, ms: performance.now() - started };
}

const first = await buildAndLoad(true);
if (!first) process.exit(1);

const base = `http://${HOST}:${PORT}`;
console.log(`
Dispatch is starting on ${base}/ (content version ${first.version}, drafts shown and marked)
  Home            ${base}/
  Atom feed       ${base}/feed.atom   (RSS: /feed.rss, JSON Feed: /feed.json)
  Topics          ${base}/topics      (OPML: /topics.opml)
  Weekly digest   ${base}/digest      (archive: /digest/archive, feed: /digest/feed.atom)
  Digest email    ${base}/digest/{week}/email, e.g. the latest: open ${base}/digest and add /email to its address
Watching content/ and site.yaml: a saved change is rebuilt and served here. Press Ctrl-C to stop.
`);

// CURRENT_TTL=0: the Worker reads `current` on every request, so a reload shows the version just loaded.
// CLOUDFLARE_CF_FETCH_ENABLED=false: offline, wrangler would print a getaddrinfo error for workers.cloudflare.com
// (it fetches the request.cf fields); the Worker does not use them.
const dev = spawn(
  join(root, "node_modules/.bin/wrangler"),
  ["dev", "--ip", HOST, "--port", PORT, "--var", "CURRENT_TTL:0", "--show-interactive-dev-session=false"],
  {
    cwd: root,
    stdio: ["inherit", "inherit", "inherit"],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

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
  try {
    const done = await buildAndLoad(true);
    if (done)
      console.log(
        `Serving content version ${done.version} (${(done.ms / 1000).toFixed(1)} s after the change settled)`,
      );
    else console.log("The build failed (above): still serving the last good version.");
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
watch(join(root, "content"), { recursive: true }, changed);
watch(join(root, "site.yaml"), changed);
