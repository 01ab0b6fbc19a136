// `wrangler deploy` is the publish: the real wrangler against a stand-in of Cloudflare's API (../shared/cfapi/), its
// build step publishing content/, on the Free plan. After each command, what readers get is checked without Dispatch's
// own reading of KV: the stand-in's keys are loaded into workerd and the deployed Worker version is run over them, with
// its vars and the head its bundle carries, and asked for pages and feeds.
import { once } from "node:events";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { main as deploy } from "../../src/cli/deploy.js";
import { main as prune } from "../../src/cli/prune.js";
import { main as rollback } from "../../src/cli/rollback.js";
import { main as versions } from "../../src/cli/versions.js";
import { runWrangler } from "../../src/publish/deploy.js";
import { LOCK_KEY } from "../../src/shared/keys.js";
import { harness, published, type Run, type Served, standinMissing, workerUploads } from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

/** `wrangler ARGS` in the project, as a command the harness can run. */
const wrangler =
  (...args: string[]) =>
  (_: string[], ctx: Parameters<typeof deploy>[1]) =>
    runWrangler(ctx, args);

/** The Worker version id wrangler said it deployed or uploaded. */
const versionId = (r: Run) => /(?:Current|Worker) Version ID: ([0-9a-f-]{36})/.exec(r.text)?.[1] as string;

/** Asserts that the one live Worker version serves `version` whole: home, feed, and each article named. */
const CHART = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n';

async function expectServes(served: Served[], version: string, titles: Record<string, string>) {
  expect(served.map((s) => [s.version, s.percentage])).toEqual([[version, 100]]);
  const [worker] = served as [Served];
  const home = await worker.get("/");
  expect(home.status, home.text).toBe(200);
  const feed = await worker.get("/feed.atom");
  expect(feed.status).toBe(200);
  for (const [slug, title] of Object.entries(titles)) {
    const page = await worker.get(`/articles/${slug}`);
    expect(page.status, slug).toBe(200);
    expect(page.text).toContain(`<h1>${title}</h1>`);
    expect(feed.text).toContain(`<title type="text">${title}</title>`);
  }
}

describe.skipIf(!!standinMissing)("`wrangler deploy` against the Cloudflare API stand-in (Free plan, strict)", () => {
  const h = harness();
  /** Content versions in the order they were published, and what they hold. */
  const seen: string[] = [];
  const titles: Record<string, string> = { "first-report": "First report", "second-report": "Second report" };
  /** Worker version ids in the order wrangler made them. */
  const workers: string[] = [];
  beforeAll(() => h.start(["--free-plan", "--limit-mode", "strict"]), 120_000);
  afterAll(() => h.stop());

  it("`wrangler deploy` on a fresh namespace stores every value, then uploads the Worker that serves them", async () => {
    // A picture kept beside the posts is published with them.
    await mkdir(join(h.root, "content/static"), { recursive: true });
    await writeFile(join(h.root, "content/static/chart.svg"), CHART);
    const r = await h.run(wrangler("deploy"));
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/^Published content version \S+ to Cloudflare's KV \(the first publish\)/m);
    expect(r.text).toMatch(/articles: 2 added/);
    expect(r.text).toMatch(
      /Every value is stored: wrangler now uploads and deploys the Worker that serves this version/,
    );
    seen.push(published(r.text) as string);
    workers.push(versionId(r));
    // Every value once, the record and the lock; the lock deleted; one Worker upload, after the writes.
    expect(r.stats.ops.writes).toBe(r.check.valueKeys + 2);
    expect(r.stats.ops.deletes).toBe(1);
    expect(workerUploads(r.stats)).toBe(1);
    expect(r.check.lock).toBeNull();
    const served = await h.served();
    await expectServes(served, seen[0] as string, titles);
    expect(await served[0]?.get("/chart.svg")).toEqual({ status: 200, text: CHART });
  }, 180_000);

  it("`wrangler deploy` after adding an article serves it, uploading only what the article changed", async () => {
    const spec = await h.add();
    titles[spec.slug] = spec.title;
    const r = await h.run(wrangler("deploy"));
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(new RegExp(`articles: 1 added, 0 updated, 0 removed \\(\\+${spec.slug}\\)`));
    expect(r.text).toContain(`(was ${seen[0]})`);
    seen.push(published(r.text) as string);
    workers.push(versionId(r));
    const uploaded = Number(/KV: (\d+) values uploaded/.exec(r.text)?.[1]);
    expect(uploaded).toBeGreaterThan(0);
    expect(uploaded).toBeLessThan(r.check.valueKeys / 2);
    expect(r.stats.ops.writes).toBe(uploaded + 2);
    await expectServes(await h.served(), seen[1] as string, titles);
  }, 180_000);

  it("`wrangler deploy` of unchanged content uploads no value: the record of the upload and the lock", async () => {
    const r = await h.run(wrangler("deploy"));
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(
      /KV holds (\d+) of them\.\nThis publish writes 1 keys \(0 values, 0\.0 MiB; the version's record\)/,
    );
    expect(r.stats.ops.writes).toBe(2);
    expect(r.stats.ops.deletes).toBe(1);
    expect(workerUploads(r.stats)).toBe(1);
    await expectServes(await h.served(), seen[1] as string, titles);
  }, 180_000);

  it("refuses a placeholder namespace id and the example origin in one line each, naming file, line and field", async () => {
    const toml = await readFile(join(h.root, "wrangler.toml"), "utf8");
    const site = await readFile(join(h.root, "site.yaml"), "utf8");
    try {
      await writeFile(join(h.root, "wrangler.toml"), toml.replace(/"[0-9a-f]{32}"/, `"${"0".repeat(32)}"`));
      await writeFile(join(h.root, "site.yaml"), site.replace(/^origin: .*$/m, "origin: https://dispatch.example.com"));
      const r = await h.run(wrangler("deploy"));
      expect(r.code, r.text).toBe(1);
      expect(r.text).toMatch(
        /^wrangler\.toml:\d+: kv_namespaces id: the placeholder 0{32}; run `npx wrangler kv namespace create KV`/m,
      );
      expect(r.text).toMatch(/^site\.yaml:\d+: origin: the example https:\/\/dispatch\.example\.com; set it/m);
      expect(r.text).toMatch(/Nothing was built or uploaded/);
      expect(r.stats.ops).toEqual({ reads: 0, writes: 0, deletes: 0, lists: 0 });
      expect(workerUploads(r.stats)).toBe(0);
    } finally {
      await writeFile(join(h.root, "wrangler.toml"), toml);
      await writeFile(join(h.root, "site.yaml"), site);
    }
  }, 120_000);

  it("says in one line that there are no Cloudflare credentials, before building anything, and uploads nothing", async () => {
    // An empty token is none: wrangler, with no terminal to ask for a login on, says so before sending anything.
    const r = await h.run(wrangler("deploy"), [], { env: { ...h.standin.env, CLOUDFLARE_API_TOKEN: "" } });
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/^No Cloudflare credentials: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN\.$/m);
    expect(r.text).toMatch(/Nothing was built or uploaded/);
    expect(r.text).not.toMatch(/trying again/);
    expect(r.stats.ops).toEqual({ reads: 0, writes: 0, deletes: 0, lists: 0 });
    expect(workerUploads(r.stats)).toBe(0);
  }, 120_000);

  it("`wrangler deploy --dry-run` and `wrangler types` write nothing to Cloudflare", async () => {
    await h.add();
    for (const args of [["deploy", "--dry-run"], ["types"]]) {
      const r = await h.run(wrangler(...args));
      expect(r.code, `${args}: ${r.text}`).toBe(0);
      expect(r.stats.ops, args.join(" ")).toEqual({ reads: 0, writes: 0, deletes: 0, lists: 0 });
      expect(workerUploads(r.stats)).toBe(0);
    }
    await expectServes(await h.served(), seen[1] as string, titles);
  }, 180_000);

  it("`wrangler versions upload` stores the content first; `wrangler versions deploy` then serves it whole", async () => {
    const spec = await h.add();
    const upload = await h.run(wrangler("versions", "upload"));
    expect(upload.code, upload.text).toBe(0);
    expect(upload.text).toMatch(/wrangler now uploads a Worker version that serves it/);
    expect(workerUploads(upload.stats)).toBe(1);
    expect(upload.stats.requests["POST /accounts/:a/workers/scripts/:name/deployments"] ?? 0).toBe(0);
    const id = versionId(upload);
    // Uploaded, not deployed: readers still get the version before, whole.
    await expectServes(await h.served(), seen[1] as string, titles);
    const live = await h.run(wrangler("versions", "deploy", `${id}@100`, "--yes"));
    expect(live.code, live.text).toBe(0);
    expect(live.stats.ops.writes).toBe(0);
    // Two articles were added since: the one a dry run built and this one.
    titles[spec.slug] = spec.title;
    const served = await h.served();
    seen.push(served[0]?.version as string);
    workers.push(id);
    await expectServes(served, seen[2] as string, titles);
  }, 240_000);

  it("lists the versions, the live one marked with the Worker version that serves it", async () => {
    const r = await h.run(versions);
    expect(r.code, r.text).toBe(0);
    const lines = r.text.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^\\* ${seen[2]} .*Worker version 4 +\\(live\\)$`));
    // Deployed twice: once when it was new, once unchanged.
    expect(lines[1]).toMatch(new RegExp(`^  ${seen[1]} .*Worker versions 2, 3$`));
    expect(lines[2]).toMatch(new RegExp(`^  ${seen[0]} .*Worker version 1$`));
    expect(r.text).toContain(
      `Worker version 4 (${workers[2]}) serves content version ${seen[2]} (by its upload record).`,
    );
    expect(r.stats.ops.writes).toBe(0);
  }, 120_000);

  it("`wrangler rollback` to an earlier Worker version serves that version's content, whole", async () => {
    const r = await h.run(wrangler("rollback", workers[0] as string, "--yes", "--message", "back to the first"));
    expect(r.code, r.text).toBe(0);
    expect(r.stats.ops.writes).toBe(0);
    const served = await h.served();
    await expectServes(served, seen[0] as string, {
      "first-report": "First report",
      "second-report": "Second report",
    });
    expect((await served[0]?.get(`/articles/${Object.keys(titles)[2]}`))?.status).toBe(404);
  }, 180_000);

  it("`npm run rollback` to a named version brings back the Worker version that served it", async () => {
    const r = await h.run(rollback, [seen[2] as string]);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain(`Rolled back from ${seen[0]} to content version ${seen[2]}.`);
    expect(workerUploads(r.stats)).toBe(0);
    const served = await h.served();
    expect(served.map((s) => s.versionId)).toEqual([workers[2]]);
    await expectServes(served, seen[2] as string, titles);
  }, 180_000);

  it("refuses to publish while another machine holds the lock: no Worker upload, the site as it was", async () => {
    const target = h.target();
    const theirs = JSON.stringify({ what: "publish", host: "elsewhere", pid: 7, since: "2026-12-07T10:00:00Z" });
    await target.put(LOCK_KEY, theirs);
    await h.add();
    const r = await h.run(deploy);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/another publish holds the lock \(elsewhere, pid 7/);
    expect(r.text).toMatch(/So wrangler uploads no Worker: the live site is as it was/);
    expect(r.text).toMatch(/Running custom build `.*wrangler-build\.ts` failed/);
    expect(r.check.lock).toBe(theirs);
    expect(r.stats.ops.writes).toBe(0);
    expect(workerUploads(r.stats)).toBe(0);
    await target.delete(LOCK_KEY);
    await expectServes(await h.served(), seen[2] as string, titles);
  }, 180_000);

  it("`npm run deploy -- --max-writes N` stores N values and uploads no Worker; the next run finishes", async () => {
    const r = await h.run(deploy, ["--max-writes", "3"]);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/--max-writes allowed 3 values in this run\. Stored 3 values now; \d+ of the \d+/);
    expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
    expect(r.stats.ops.writes).toBe(3 + 1);
    expect(workerUploads(r.stats)).toBe(0);
    await expectServes(await h.served(), seen[2] as string, titles);
    const rest = await h.run(deploy);
    expect(rest.code, rest.text).toBe(0);
    seen.push(published(rest.text) as string);
    workers.push(versionId(rest));
    expect(workerUploads(rest.stats), rest.text).toBe(1);
  }, 240_000);

  it("prunes a stopped publish's leftovers, and keeps what every Worker version Cloudflare keeps serves", async () => {
    await h.add();
    const stopped = await h.run(deploy, ["--max-writes", "2"]);
    expect(stopped.code, stopped.text).toBe(1);
    const before = stopped.check.valueKeys;
    const dry = await h.run(prune, ["--dry-run", "--keep", "1"]);
    expect(dry.code, dry.text).toBe(0);
    expect(dry.text).toMatch(/^Would delete 2 values and 0 version records/m);
    expect(dry.stats.ops.deletes).toBe(0);
    expect(dry.stats.ops.writes).toBe(0);
    const r = await h.run(prune, ["--keep", "1"]);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/^Deleted 2 values and 0 version records/m);
    expect(r.check.valueKeys).toBe(before - 2);
    for (const record of r.check.records) expect(record.missing, record.key).toBe(0);
    // The oldest Worker version still serves its content whole: a rollback to it works after the prune.
    const back = await h.run(wrangler("rollback", workers[0] as string, "--yes", "--message", "after the prune"));
    expect(back.code, back.text).toBe(0);
    await expectServes(await h.served(), seen[0] as string, {
      "first-report": "First report",
      "second-report": "Second report",
    });
  }, 300_000);

  it("deletes nothing when a version's record cannot be read", async () => {
    const target = h.target();
    const key = `v/${seen[1]}`;
    const good = await target.getText(key);
    await target.put(key, "{not json");
    const r = await h.run(prune);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/v\/\S+ is not a version record.*nothing was deleted/);
    expect(r.stats.ops.deletes).toBe(1); // the lock, nothing else
    await target.put(key, good as string);
  }, 240_000);

  it("deletes nothing when KV cannot be read at all", async () => {
    await h.standin.admin("faults", [{ kind: "500", match: "bulk/get", nth: 1, count: 1000 }]);
    const r = await h.run(prune);
    await h.standin.admin("faults", []);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/Prune failed: reading values failed after 3 attempts: .*\[code: 10013\]/s);
    expect(r.stats.ops.deletes).toBe(0);
  }, 240_000);

  describe("with a WebSub hub", () => {
    let hub: Server;
    /** Each ping, and which Worker versions were live when it arrived. */
    const pings: { url: string | null; live: string[] }[] = [];
    beforeAll(async () => {
      hub = createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", async () => {
          const deployed = await h.standin.admin<{ versions: { version_id: string }[] }>("deployed");
          pings.push({
            url: new URLSearchParams(body).get("hub.url"),
            live: deployed.versions.map((v) => v.version_id),
          });
          res.writeHead(204).end();
        });
      });
      hub.listen(0, "127.0.0.1");
      await once(hub, "listening");
      const { port } = hub.address() as AddressInfo;
      const site = await readFile(join(h.root, "site.yaml"), "utf8");
      await writeFile(join(h.root, "site.yaml"), stringify({ ...parse(site), hub: `http://127.0.0.1:${port}/` }));
    });
    afterAll(() => hub?.close());

    it("tells the hub of the changed feeds once the Worker that serves them is live, not before", async () => {
      pings.length = 0;
      await h.add();
      const r = await h.run(wrangler("deploy"));
      expect(r.code, r.text).toBe(0);
      const id = versionId(r);
      expect(r.text).toMatch(/The WebSub hub is told of (\d+) changed feeds once the Worker serving them is live/);
      const told = Number(/told of (\d+) changed feeds/.exec(r.text)?.[1]);
      expect(r.text).toContain(`Dispatch: WebSub: ${told} of ${told} changed feeds announced to the hub`);
      expect(pings.map((p) => p.url)).toContain("https://news.example.org/feed.atom");
      expect(pings).toHaveLength(told);
      // Every ping arrived when the new Worker version was the live one.
      for (const p of pings) expect(p.live).toEqual([id]);
    }, 180_000);

    it("tells the hub nothing when the Worker upload fails after the content was stored", async () => {
      pings.length = 0;
      await h.add();
      await h.standin.admin("faults", [
        {
          kind: "500",
          match: "^PUT .*/workers/scripts/dispatch$|^POST .*/scripts/dispatch/versions$",
          nth: 1,
          count: 100,
        },
      ]);
      const r = await h.run(wrangler("deploy"));
      await h.standin.admin("faults", []);
      expect(r.code, r.text).not.toBe(0);
      expect(r.text).toMatch(/Every value is stored: wrangler now uploads and deploys the Worker/);
      expect(r.text).toMatch(/Dispatch: content version \S+ is not live, so the WebSub hub was not told/);
      expect(pings).toEqual([]);
    }, 180_000);
  });
});
