// `npm start`: build content/ with its drafts, serve it on the dev server, and do it again whenever content/ or
// site.yaml changes: a saved file is served a moment later, and a change that breaks the build is reported while the
// last good version stays up.
import { watch } from "node:fs";
import { join } from "node:path";
import { runBuild } from "../build/run-build.js";
import { HOST, startDevServer } from "./dev-server.js";

/** What `npm start` prints once it serves: where to look, and that it is watching. */
function welcome(base: string, version: string): string {
  return `
Dispatch is serving ${base}/ (content version ${version}, drafts shown and marked)
  Home            ${base}/
  Subscribe       ${base}/feeds       (Atom feed: /feed.atom; RSS: /feed.rss; JSON Feed: /feed.json)
  Topics          ${base}/topics      (OPML: /topics.opml)
  Weekly digest   ${base}/digest      (archive: /digest/archive, feed: /digest/feed.atom)
  Digest email    ${base}/digest/{week}/email, e.g. the latest week's: open /digest and add /email to its address
Watching content/ and site.yaml: a saved change is rebuilt and served here. Press Ctrl-C to stop.
`;
}

/** Serves `root` on HOST:`port` until SIGINT or SIGTERM; resolves to an exit code when the first build fails. */
export async function start(root: string, port: number): Promise<number | undefined> {
  // Watch first: a file saved while the first build runs is rebuilt as soon as the server is up, never missed.
  let onChange: (() => void) | undefined;
  let savedBeforeReady = false;
  const saved = () => {
    if (onChange) onChange();
    else savedBeforeReady = true;
  };
  const watchers = [watch(join(root, "content"), { recursive: true }, saved), watch(join(root, "site.yaml"), saved)];

  const first = await runBuild({ root, drafts: true }, { quiet: true });
  if (!first) {
    for (const w of watchers) w.close();
    return 1;
  }
  const server = await startDevServer(root, port, first);
  await server.load(first);
  console.log(welcome(`http://${HOST}:${port}`, first.head.version));

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
        const added = await server.load(result);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `Serving content version ${result.head.version}: ${added} new values loaded, ${seconds} s after the change settled`,
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
  onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  };
  if (savedBeforeReady) onChange();

  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      for (const w of watchers) w.close();
      void server.stop().finally(() => process.exit(0));
    });
  return undefined;
}
