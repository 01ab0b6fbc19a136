// The publishing commands against a stand-in of Cloudflare's API (../shared/cfapi/), through the real wrangler: the
// whole cycle on the Free plan's daily limits, the faults the API can answer with, and, after each, the stand-in's
// own consistency check of what is live, compared with what the command said.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/build/command.js";
import { main as deploy } from "../../src/build/deploy.js";
import type { TargetOptions } from "../../src/build/kv-target.js";
import { KvTarget } from "../../src/build/kv-target.js";
import { main as prune } from "../../src/build/prune.js";
import { main as rollback } from "../../src/build/rollback.js";
import { main as versions } from "../../src/build/versions.js";
import { LOCK_KEY } from "../../src/shared/keys.js";
import { type ArticleSpec, sourceOf } from "../support/articles.js";
import {
  type Check,
  cloudProject,
  commandContext,
  type Standin,
  type Stats,
  standinMissing,
  startStandin,
} from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

const specs: ArticleSpec[] = [
  { slug: "first-report", title: "First report", date: "2018-07-02", topics: ["syria"] },
  { slug: "second-report", title: "Second report", date: "2018-07-09", topics: ["russia"] },
];
let next = 0;
/** A new article each time, a week after the one before. */
function another(): ArticleSpec {
  next++;
  const day = new Date(Date.UTC(2018, 6, 16 + 7 * next)).toISOString().slice(0, 10);
  return { slug: `report-${next}`, title: `Report ${next}`, date: day, topics: ["syria"] };
}

type Main = (args: string[], ctx: CommandContext) => Promise<number>;

interface Run {
  code: number;
  text: string;
  stats: Stats;
  check: Check;
}

function harness() {
  let standin: Standin;
  let root: string;
  return {
    async start(flags: string[]) {
      standin = await startStandin(flags);
      root = await cloudProject(specs);
    },
    stop: () => standin?.stop(),
    get standin() {
      return standin;
    },
    get root() {
      return root;
    },
    async add(spec = another()) {
      await writeFile(join(root, "content", `${spec.date}-${spec.slug}.md`), sourceOf(spec));
      return spec;
    },
    /** Runs a command's main against the stand-in; returns its exit code, what it printed, the stats and the check. */
    async run(main: Main, args: string[] = [], target: Partial<TargetOptions> = {}): Promise<Run> {
      await standin.admin("reset-stats", {});
      const ctx = commandContext(root, standin, target);
      const code = await main(args, ctx);
      const stats = await standin.admin<Stats>("stats");
      const check = await standin.admin<Check>("check");
      return { code, text: ctx.text(), stats, check };
    },
    target: () => new KvTarget({ ...commandContext(root, standin).target, root, where: "remote" }),
  };
}

const published = (text: string) => /Published content version (\S+) to Cloudflare/.exec(text)?.[1];
const workerDeploys = (s: Stats) => s.requests["PUT /accounts/:a/workers/scripts/:name"] ?? 0;

describe.skipIf(!!standinMissing)(
  "the publishing cycle against the Cloudflare API stand-in (Free plan, strict)",
  () => {
    const h = harness();
    const seen: string[] = [];
    beforeAll(() => h.start(["--free-plan", "--limit-mode", "strict"]), 60_000);
    afterAll(() => h.stop());

    it("publishes a first version: every value stored, `current` and the Worker agree, the lock released", async () => {
      const r = await h.run(deploy);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(/\(the first publish\)/);
      expect(r.text).toMatch(/articles: 2 added/);
      const version = published(r.text);
      expect(version).toBeDefined();
      seen.push(version as string);
      expect(r.check.consistent).toBe(true);
      expect(r.check.current.version).toBe(version);
      expect(r.check.current.missing).toBe(0);
      expect(r.check.deployed?.versions[0]?.contentVersionHead?.version).toBe(version);
      expect(r.check.lock).toBeNull();
      // Every value once, plus `current`, the record and the lock; the lock deleted.
      expect(r.stats.ops.writes).toBe(r.check.valueKeys + 3);
      expect(r.stats.ops.deletes).toBe(1);
      expect(workerDeploys(r.stats)).toBe(1);
    }, 180_000);

    it("publishes the same content again with no write and no deploy, and says so", async () => {
      const r = await h.run(deploy);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(/Nothing to publish: content version \S+ and this code are live/);
      expect(r.stats.ops.writes).toBe(0);
      expect(r.stats.ops.deletes).toBe(0);
      expect(workerDeploys(r.stats)).toBe(0);
      expect(r.check.consistent).toBe(true);
    }, 180_000);

    it("publishes an added article with only the values it adds, and reports what changed", async () => {
      const spec = await h.add();
      const r = await h.run(deploy);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(new RegExp(`articles: 1 added, 0 updated, 0 removed \\(\\+${spec.slug}\\)`));
      expect(r.text).toContain(`(was ${seen[0]})`);
      const version = published(r.text) as string;
      seen.push(version);
      expect(r.check.consistent).toBe(true);
      expect(r.check.current.version).toBe(version);
      const uploaded = Number(/KV: (\d+) values uploaded/.exec(r.text)?.[1]);
      expect(uploaded).toBeGreaterThan(0);
      expect(r.stats.ops.writes).toBe(uploaded + 3);
    }, 180_000);

    it("lists the versions with the live one marked", async () => {
      const r = await h.run(versions);
      expect(r.code, r.text).toBe(0);
      const lines = r.text.split("\n");
      expect(lines[0]).toMatch(new RegExp(`^\\* ${seen[1]} .*\\(live\\)$`));
      expect(lines[1]).toMatch(new RegExp(`^  ${seen[0]} `));
      expect(r.text).toMatch(new RegExp(`serves content version ${seen[1]}`));
      expect(r.stats.ops.writes).toBe(0);
    }, 120_000);

    it("rolls back without an argument to the publish before the live one, code and content together", async () => {
      const r = await h.run(rollback);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toContain(`Rolled back from ${seen[1]} to content version ${seen[0]}.`);
      expect(r.check.consistent).toBe(true);
      expect(r.check.current.version).toBe(seen[0]);
      expect(r.check.deployed?.versions[0]?.contentVersionHead?.version).toBe(seen[0]);
    }, 180_000);

    it("rolls forward to a named version", async () => {
      const r = await h.run(rollback, [seen[1] as string]);
      expect(r.code, r.text).toBe(0);
      expect(r.check.consistent).toBe(true);
      expect(r.check.current.version).toBe(seen[1]);
      expect(r.check.deployed?.versions[0]?.contentVersionHead?.version).toBe(seen[1]);
    }, 180_000);

    it("refuses to publish while another machine holds the lock, and leaves the lock and the site alone", async () => {
      const target = h.target();
      const theirs = JSON.stringify({ what: "publish", host: "elsewhere", pid: 7, since: "2026-12-07T10:00:00Z" });
      await target.put(LOCK_KEY, theirs);
      await h.add();
      const r = await h.run(deploy);
      expect(r.code, r.text).toBe(1);
      expect(r.text).toMatch(/another publish holds the lock \(elsewhere, pid 7/);
      expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
      expect(r.check.lock).toBe(theirs);
      expect(r.stats.ops.writes).toBe(0);
      expect(r.check.current.version).toBe(seen[1]);
      expect(r.check.consistent).toBe(true);
      await target.delete(LOCK_KEY);
    }, 180_000);

    it("stops at --max-writes with the live site as it was, and the next run finishes the job", async () => {
      const r = await h.run(deploy, ["--max-writes", "3"]);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(/--max-writes allowed 3 values in this run\. Stored 3 values now; \d+ of the \d+/);
      expect(r.text).toMatch(/Readers do not get version/);
      expect(r.stats.ops.writes).toBe(3 + 1);
      expect(r.check.current.version).toBe(seen[1]);
      expect(r.check.consistent).toBe(true);
      const rest = await h.run(deploy);
      expect(rest.code, rest.text).toBe(0);
      const version = published(rest.text) as string;
      seen.push(version);
      expect(rest.check.current.version).toBe(version);
      expect(rest.check.consistent).toBe(true);
    }, 240_000);

    it("prunes only values no kept version names: a stopped publish's leftovers", async () => {
      // A publish stopped after two values leaves them named by no version.
      await h.add();
      const stopped = await h.run(deploy, ["--max-writes", "2"]);
      expect(stopped.code, stopped.text).toBe(0);
      const before = stopped.check.valueKeys;
      const dry = await h.run(prune, ["--dry-run"]);
      expect(dry.text).toMatch(/^Would delete 2 values and 0 version records/m);
      expect(dry.stats.ops.deletes).toBe(1); // the lock
      const r = await h.run(prune);
      expect(r.code, r.text).toBe(0);
      expect(r.text).toMatch(/^Deleted 2 values and 0 version records/m);
      expect(r.check.valueKeys).toBe(before - 2);
      expect(r.check.consistent).toBe(true);
      for (const record of r.check.records) expect(record.missing, record.key).toBe(0);
    }, 240_000);

    it("deletes nothing when a kept version's record cannot be read", async () => {
      const target = h.target();
      const key = `v/${seen[0]}`;
      const good = await target.getText(key);
      await target.put(key, "{not json");
      await h.add();
      await h.run(deploy, ["--max-writes", "1"]);
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
      expect(r.check.consistent).toBe(true);
    }, 240_000);
  },
);

describe.skipIf(!!standinMissing)("faults the API answers with, during a publish", () => {
  const h = harness();
  let live: string;
  beforeAll(async () => {
    await h.start(["--free-plan", "--limit-mode", "strict"]);
    const r = await h.run(deploy);
    live = published(r.text) as string;
  }, 180_000);
  afterAll(() => h.stop());

  /** After a failed publish: nothing moved, and the command said so. */
  function expectUnmoved(r: Run) {
    expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
    expect(r.text).toContain(`\`current\` names content version ${live}`);
    expect(r.check.current.version).toBe(live);
    expect(r.check.deployed?.versions[0]?.contentVersionHead?.version).toBe(live);
    expect(r.check.consistent).toBe(true);
    expect(r.check.lock).toBeNull();
  }

  it("sends a bulk write that met a 500 again, and completes", async () => {
    await h.add();
    await h.standin.admin("faults", [{ kind: "500", match: "PUT .*/bulk$", nth: 1, count: 1 }]);
    const r = await h.run(deploy);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/Internal server error \(stand-in: injected fault\) \[code: 10013\]; trying again/);
    live = published(r.text) as string;
    expect(r.check.current.version).toBe(live);
    expect(r.check.consistent).toBe(true);
  }, 180_000);

  it("stops when every bulk write meets a 500, says why in the API's words, and leaves the site as it was", async () => {
    await h.add();
    await h.standin.admin("faults", [{ kind: "500", match: "PUT .*/bulk$", nth: 1, count: 100 }]);
    const r = await h.run(deploy);
    await h.standin.admin("faults", []);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(
      /Publish failed: uploading values, part 1 \(\d+ values\) failed after 3 attempts: A request to the Cloudflare API \(.*\/bulk\) failed\.\nInternal server error \(stand-in: injected fault\) \[code: 10013\]/,
    );
    expect(r.text).not.toMatch(/If you think this is a bug|Logs were written/);
    expectUnmoved(r);
  }, 180_000);

  it("waits out a 429's Retry-After in a 30-second rate-limit window, then completes", async () => {
    await h.add();
    await h.standin.admin("faults", [
      { kind: "429", match: "PUT .*/bulk$", nth: 1, count: 1, window: 30, retryAfter: 30 },
    ]);
    const started = Date.now();
    const r = await h.run(deploy);
    await h.standin.admin("faults", []);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/Please wait and consider throttling your request speed \[code: 971\]/);
    expect(r.text).toMatch(/trying again in 31 s \(the API's Retry-After\)/);
    expect(Date.now() - started).toBeGreaterThan(30_000);
    live = published(r.text) as string;
    expect(r.check.current.version).toBe(live);
    expect(r.check.consistent).toBe(true);
  }, 240_000);

  it("does not send a timed-out bulk write again while it may still land", async () => {
    await h.add();
    // The stand-in's field is named "then" (answer once the hang is over); JSON keeps it off an object literal.
    await h.standin.admin(
      "faults",
      JSON.parse('[{"kind": "hang", "match": "PUT .*/bulk$", "nth": 1, "count": 1, "seconds": 25, "then": "answer"}]'),
    );
    const r = await h.run(deploy, [], { timeoutMs: 20_000 });
    await h.standin.admin("faults", []);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/timed out; it may still land, so KV is checked before sending again/);
    const uploaded = Number(/KV: (\d+) values uploaded/.exec(r.text)?.[1]);
    // Each value written once: the late write landed, and nothing was sent twice.
    expect(r.stats.ops.writes).toBe(uploaded + 3);
    live = published(r.text) as string;
    expect(r.check.current.version).toBe(live);
    expect(r.check.consistent).toBe(true);
  }, 240_000);
});

describe.each(["strict", "overshoot"])("the Free plan's daily limit of KV writes (--limit-mode %s)", (mode) => {
  if (standinMissing) return;
  const h = harness();
  let live: string;
  beforeAll(async () => {
    await h.start(["--free-plan", "--limit-mode", mode]);
    const r = await h.run(deploy);
    live = published(r.text) as string;
  }, 180_000);
  afterAll(() => h.stop());

  it("reached mid-publish: stores what the day allows, leaves the site as it was, and the next day finishes", async () => {
    await h.add();
    await h.add();
    await h.standin.admin("usage", { writes: 1000 - 1 - 5 });
    const r = await h.run(deploy);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(
      /the Free plan's daily limit of 1,000 KV writes is used up \(your account has reached the free usage limit for this operation for today \[code: 10048\]\); it resets at 00:00 UTC, in \d+ h \d+ min/,
    );
    expect(r.text).toMatch(/Run the same command again after the reset/);
    expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
    expect(r.check.current.version).toBe(live);
    expect(r.check.consistent).toBe(true);
    expect(r.check.lock).toBeNull();
    await h.standin.admin("next-day", {});
    const next = await h.run(deploy);
    expect(next.code, next.text).toBe(0);
    live = published(next.text) as string;
    expect(next.check.current.version).toBe(live);
    expect(next.check.consistent).toBe(true);
  }, 240_000);

  it("reached at the last write: every value stored, nothing switched, and the next day switches", async () => {
    await h.add();
    // What this publish will need, read the way the command reads it.
    const dry = await h.run(deploy, ["--max-writes", "1"]);
    const needs = Number(/KV holds \d+ of them\.\nThis publish writes (\d+) keys/.exec(dry.text)?.[1]);
    expect(needs).toBeGreaterThan(3);
    // One value is stored already; the rest fit, `current` and the record do not.
    await h.standin.admin("usage", { writes: 1000 - 1 - (needs - 1 - 2) });
    const r = await h.run(deploy);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/Every value of version \S+ is stored; switching to it needs 2 more writes/);
    expect(r.text).toMatch(/the Free plan's daily limit of 1,000 KV writes is used up/);
    expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
    expect(r.check.current.version).toBe(live);
    expect(r.check.consistent).toBe(true);
    await h.standin.admin("next-day", {});
    const next = await h.run(deploy);
    expect(next.code, next.text).toBe(0);
    expect(next.text).toMatch(/This publish writes 2 keys \(0 values/);
    expect(next.stats.ops.writes).toBe(3);
    expect(next.check.consistent).toBe(true);
  }, 300_000);
});
