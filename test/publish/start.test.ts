// `npm start` as a publisher uses it: a copy of the project in a temporary folder (its own content/, .wrangler/state
// and cache), started with `tsx src/cli/start.ts`, then files saved, edited and broken while it serves over HTTP.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
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

const early: ArticleSpec = { slug: "saved-while-starting", title: "Saved while starting", date: "2018-07-11" };

let root: string;
let child: ChildProcess;
let output = "";
let base: string;

/** Resolves once `npm start`'s output contains `text` (counting from `from`), or fails after `ms`. */
async function printed(text: string, from: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!output.slice(from).includes(text)) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) throw new Error(`npm start did not print "${text}" within ${ms} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `path` until its page contains `text`; returns the response and its text. */
async function servedWith(path: string, text: string, ms = 30_000): Promise<{ res: Response; body: string }> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fetch(base + path);
    const body = await res.text();
    if (res.status === 200 && body.includes(text)) return { res, body };
    if (Date.now() > until) throw new Error(`${path} did not serve "${text}" within ${ms} ms (last: ${res.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const save = (spec: ArticleSpec & { draft?: boolean }) =>
  writeFile(join(root, "content", `${spec.date}-${spec.slug}.md`), sourceOf(spec));

beforeAll(async () => {
  root = await projectWith(first);
  for (const f of ["src", "wrangler.toml", "package.json", "tsconfig.json"])
    await cp(join(repo, f), join(root, f), { recursive: true });
  await symlink(join(repo, "node_modules"), join(root, "node_modules"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // --port wins over PORT, as `hugo server -p` and `wrangler dev --port` do.
  child = spawn(join(root, "node_modules/.bin/tsx"), ["src/cli/start.ts", "--port", String(port)], {
    cwd: root,
    env: { ...process.env, PORT: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  // Saved while it starts: served once it is up, never missed.
  await new Promise((r) => setTimeout(r, 300));
  await save(early);
  await printed("Dispatch is serving", 0, 120_000);
}, 150_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}, 30_000);

describe("npm start", () => {
  it("serves on the --port it was given, and an article saved while it was starting", async () => {
    expect(output).toContain(base);
    await servedWith(`/articles/${early.slug}`, early.title);
  });

  it("prints the addresses it serves and serves the content folder", async () => {
    expect(output).toContain(`Dispatch is serving ${base}/`);
    expect(output).toContain(`${base}/feeds`);
    const { res } = await servedWith("/", "Second report");
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    await servedWith("/articles/first-report", "First report");
  });

  it("serves a newly saved article, and the feed it enters, without a restart", async () => {
    await save({ slug: "saved-while-running", title: "Saved while running", date: "2018-07-16", topics: ["syria"] });
    await servedWith("/articles/saved-while-running", "Saved while running");
    const feed = await servedWith("/feed.atom", "Saved while running");
    expect(feed.res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
  }, 60_000);

  it("serves a picture saved beside the posts, and its new bytes when it is saved again", async () => {
    await mkdir(join(root, "content/static/images"), { recursive: true });
    const svg = (label: string) => `<svg xmlns="http://www.w3.org/2000/svg"><title>${label}</title></svg>\n`;
    await writeFile(join(root, "content/static/images/map.svg"), svg("first map"));
    const first = await servedWith("/images/map.svg", "first map");
    expect(first.res.headers.get("content-type")).toBe("image/svg+xml");
    await writeFile(join(root, "content/static/images/map.svg"), svg("second map"));
    await servedWith("/images/map.svg", "second map");
  }, 60_000);

  it("serves an edited headline", async () => {
    await save({ ...first[0], title: "First report, corrected" } as ArticleSpec);
    await servedWith("/articles/first-report", "First report, corrected");
  }, 60_000);

  it("shows a draft, marked as one", async () => {
    await save({ slug: "unfinished", title: "Unfinished piece", date: "2018-07-17", draft: true });
    const { body } = await servedWith("/articles/unfinished", "Unfinished piece");
    expect(body).toContain("<strong>Draft</strong>");
  }, 60_000);

  it("keeps the last good version up when a saved file breaks the build, and says why", async () => {
    const from = output.length;
    await writeFile(join(root, "content", "2018-07-18-broken.md"), "---\ntitle: [unclosed\n---\nBody.\n");
    await printed("still serving the last good version", from, 30_000);
    expect(output.slice(from)).toContain("content/2018-07-18-broken.md:2");
    await servedWith("/articles/first-report", "First report, corrected");
    await servedWith("/articles/saved-while-running", "Saved while running");
  }, 60_000);

  it("stops the Worker with it on SIGTERM", async () => {
    child.kill("SIGTERM");
    await once(child, "exit");
    await expect(fetch(`${base}/`)).rejects.toThrow();
  }, 30_000);
});
