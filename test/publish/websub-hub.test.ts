// WebSub end to end with a hub this project did not write: flask-websub's Hub and Subscriber
// (test/support/websub-harness.py) in a subprocess, a copy of the project served by `npm start`, and the local
// publish (`npm run deploy -- --local`) as the README's local sequence runs it: the subscriber discovers the hub from
// the feeds, subscribes to the site feed, a topic's and an author's, and receives the new entry when a publish pings the hub.
// flask-websub is not on npm or in Debian: the test runs where python3 imports flask, celery and flask_websub
// (FLASK_WEBSUB may name a checkout of https://github.com/marten-de-vries/Flask-WebSub), and skips elsewhere.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArticleSpec, sourceOf } from "../support/articles.js";
import { projectWith } from "../support/build.js";
import { freePort } from "../support/net.js";

const repo = resolve(import.meta.dirname, "../..");
const harness = resolve(import.meta.dirname, "../support/websub-harness.py");
const pythonPath = [process.env.FLASK_WEBSUB, process.env.PYTHONPATH].filter(Boolean).join(delimiter);

/** A python3 that imports the hub's modules, or undefined. */
const python = ["/usr/bin/python3", "python3"].find(
  (exe) =>
    spawnSync(exe, ["-c", "import flask, celery, flask_websub"], {
      env: { ...process.env, PYTHONPATH: pythonPath },
    }).status === 0,
);
if (!python)
  console.log(
    "websub-hub.test.ts skipped: no python3 imports flask, celery and flask_websub (apt-get install python3-flask python3-celery; FLASK_WEBSUB=<a checkout of github.com/marten-de-vries/Flask-WebSub>)",
  );

const first: ArticleSpec[] = [
  { slug: "first-report", title: "First report", date: "2018-07-02", topics: ["syria"], byline: "Lina Haddad" },
  { slug: "second-report", title: "Second report", date: "2018-07-09", topics: ["russia"] },
];
const fresh: ArticleSpec = {
  slug: "talks-resume",
  title: "Talks resume in Damascus",
  date: "2018-07-12",
  topics: ["syria"],
  byline: "Lina Haddad",
};
const later: ArticleSpec = { slug: "hub-is-down", title: "Published while the hub is down", date: "2018-07-13" };

interface Received {
  event: string;
  topic: string;
  body?: string;
}

let root: string;
let state: string;
let base: string;
let hubBase: string;
let subscriberBase: string;
const children: ChildProcess[] = [];
let hubProcess: ChildProcess;

/** Starts `command`, resolving once its output contains `ready` (or failing with the output after `ms`). */
async function started(command: string, args: string[], env: Record<string, string>, ready: string, ms: number) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const until = Date.now() + ms;
  while (!output.includes(ready)) {
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`${command} ${args.join(" ")} did not print "${ready}" (exit ${child.exitCode}):\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

/** `npm run deploy -- --local` in the project: its exit code, standard output and standard error. */
async function publishLocally(): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(join(root, "node_modules/.bin/tsx"), ["src/cli/deploy.ts", "--local"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  const [code] = (await once(child, "close")) as [number];
  return { code, stdout, stderr };
}

/** What the subscriber has recorded so far. */
async function received(): Promise<Received[]> {
  const file = join(state, "received.jsonl");
  if (!existsSync(file)) return [];
  return (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Received);
}

/** Polls the subscriber's record until `found` holds, or fails with the record after `ms`. */
async function until(found: (r: Received[]) => boolean, what: string, ms = 30_000): Promise<Received[]> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await received();
    if (found(r)) return r;
    if (Date.now() > end)
      throw new Error(`${what} did not happen within ${ms} ms; the subscriber has: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Polls the site until `path` serves `text`. */
async function served(path: string, text: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await (await fetch(base + path)).text()).includes(text)) {
    if (Date.now() > end) throw new Error(`${path} did not serve "${text}" within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const notified = (r: Received[], topic: string, text: string) =>
  r.some(
    (e) =>
      e.event === "notification" &&
      e.topic === topic &&
      Buffer.from(e.body ?? "", "base64")
        .toString("utf8")
        .includes(text),
  );

const save = (spec: ArticleSpec) => writeFile(join(root, "content", `${spec.date}-${spec.slug}.md`), sourceOf(spec));

beforeAll(async () => {
  if (!python) return;
  const [sitePort, hubPort, subscriberPort] = [await freePort(), await freePort(), await freePort()];
  base = `http://127.0.0.1:${sitePort}`;
  hubBase = `http://127.0.0.1:${hubPort}`;
  subscriberBase = `http://127.0.0.1:${subscriberPort}`;
  // The site's origin is where `npm start` serves it, so the hub can fetch what a feed's rel="self" names.
  root = await projectWith(first, { origin: base, hub: `${hubBase}/hub` });
  for (const f of ["src", "wrangler.toml", "package.json", "tsconfig.json"])
    await cp(join(repo, f), join(root, f), { recursive: true });
  await symlink(join(repo, "node_modules"), join(root, "node_modules"));
  state = await mkdtemp(join(tmpdir(), "dispatch-websub-"));
  hubProcess = await started(
    python as string,
    [harness, String(hubPort), String(subscriberPort), state],
    { PYTHONPATH: pythonPath },
    "ready",
    30_000,
  );
  await started(
    join(root, "node_modules/.bin/tsx"),
    ["src/cli/start.ts", "--port", String(sitePort)],
    {},
    "Dispatch is serving",
    120_000,
  );
}, 180_000);

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
}, 30_000);

describe.skipIf(!python)("WebSub with flask-websub as the hub", () => {
  it("subscribes through the hub the feeds name, then delivers a local publish's new entry to each feed's subscriber", async () => {
    // The first publish: everything is new, and the hub accepts every ping.
    const baseline = await publishLocally();
    expect(baseline.code, baseline.stderr).toBe(0);
    expect(baseline.stdout).toMatch(/WebSub: (\d+) of \1 changed feeds announced to the hub\n/);

    // The subscriber finds hub and topic in each feed (Link header, then <link>s) and the hub verifies its intent.
    // The site feed, a topic's (stored) and an author's (rendered on request).
    const topics = [`${base}/feed.atom`, `${base}/topics/syria/feed.atom`, `${base}/authors/lina-haddad/feed.atom`];
    for (const topic of topics) {
      const res = await fetch(`${subscriberBase}/subscribe?url=${encodeURIComponent(topic)}`);
      expect(res.status, await res.text()).toBe(200);
    }
    await until((r) => topics.every((t) => r.some((e) => e.event === "subscribe" && e.topic === t)), "verification");

    // A new article, saved while `npm start` serves: served a moment later, then published.
    await save(fresh);
    await served("/feed.atom", fresh.title);
    const publish = await publishLocally();
    expect(publish.code, publish.stderr).toBe(0);
    expect(publish.stdout).toContain("articles: 1 added, 0 updated, 0 removed (+talks-resume)");
    expect(publish.stdout).toMatch(/WebSub: (\d+) of \1 changed feeds announced to the hub\n/);

    // Each subscription gets its feed's new bytes, the new entry in them; the Russia feed did not change.
    await until((r) => topics.every((t) => notified(r, t, fresh.title)), "delivery of the new entry");
    const all = await received();
    expect(all.filter((e) => e.event === "notification").map((e) => e.topic)).toEqual(
      expect.not.arrayContaining([`${base}/topics/russia/feed.atom`]),
    );
    expect(all.filter((e) => e.event === "error")).toEqual([]);
  }, 180_000);

  it("publishes when the hub is down, with a warning naming it and exit 0", async () => {
    hubProcess.kill("SIGTERM");
    await once(hubProcess, "exit");
    await save(later);
    await served("/feed.atom", later.title);
    const publish = await publishLocally();
    expect(publish.code, publish.stderr).toBe(0);
    expect(publish.stdout).toContain("articles: 1 added, 0 updated, 0 removed (+hub-is-down)");
    expect(publish.stderr).toMatch(
      new RegExp(
        `WebSub: 0 of (\\d+) changed feeds announced to the hub; not announced: ${base}/\\S+ \\(fetch failed: ECONNREFUSED\\), .*the publish itself is complete\\.`,
      ),
    );
    // One feed's three tries, not three for every changed feed.
    expect(publish.stderr).toContain("not tried: the hub did not answer (fetch failed: ECONNREFUSED)");
  }, 180_000);
});
