// `wrangler dev` in a copy of the project: its build step builds content/ with drafts into the local namespace, the
// dev server serves it, and a saved file (wrangler.toml's watch_dir) is built and served again. Nothing is remote.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { cp, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArticleSpec, sourceOf } from "../support/articles.js";
import { projectWith } from "../support/build.js";
import { freePort } from "../support/net.js";

const repo = resolve(import.meta.dirname, "../..");
const first: ArticleSpec[] = [
  { slug: "first-report", title: "First report", date: "2018-07-02", topics: ["syria"] },
  { slug: "second-report", title: "Second report", date: "2018-07-09", topics: ["russia"] },
];

let root: string;
let child: ChildProcess;
let output = "";
let base: string;

/** Polls `path` until its page contains `text`; returns the page. */
async function servedWith(path: string, text: string, ms: number): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const body = await fetch(base + path).then(
      (res) => (res.status === 200 ? res.text() : ""),
      () => "",
    );
    if (body.includes(text)) return body;
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) throw new Error(`${path} did not serve "${text}" within ${ms} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const save = (spec: ArticleSpec & { draft?: boolean }) =>
  writeFile(join(root, "content", `${spec.date}-${spec.slug}.md`), sourceOf(spec));

describe("wrangler dev", () => {
  beforeAll(async () => {
    root = await projectWith(first);
    await save({ slug: "unfinished", title: "Unfinished piece", date: "2018-07-10", draft: true });
    for (const f of ["src", "wrangler.toml", "package.json", "tsconfig.json"])
      await cp(join(repo, f), join(root, f), { recursive: true });
    await symlink(join(repo, "node_modules"), join(root, "node_modules"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(join(root, "node_modules/.bin/wrangler"), ["dev", "--ip", "127.0.0.1", "--port", String(port)], {
      cwd: root,
      // Offline: no fetch of request.cf's fields, no metrics; and no credentials, so nothing remote could work.
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("serves the local build, drafts shown and marked, once its build step has loaded the local namespace", async () => {
    const home = await servedWith("/", "First report", 240_000);
    expect(home).toContain("Second report");
    const draft = await servedWith("/articles/unfinished", "Unfinished piece", 10_000);
    expect(draft).toMatch(/draft/i);
    expect(output).toMatch(/Published content version \S+ to the local KV namespace/);
  }, 300_000);

  it("builds and serves a saved article again without a restart", async () => {
    await save({ slug: "saved-while-running", title: "Saved while running", date: "2018-07-12" });
    await servedWith("/articles/saved-while-running", "Saved while running", 240_000);
  }, 300_000);
});
