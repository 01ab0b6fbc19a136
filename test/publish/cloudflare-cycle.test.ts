// The publishing commands against a stand-in of Cloudflare's API (../shared/cfapi/), through the real wrangler: the
// whole cycle on the Free plan, and after each command the stand-in's own consistency check of what is live,
// compared with what the command said.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as deploy } from "../../src/build/deploy.js";
import { main as prune } from "../../src/build/prune.js";
import { main as rollback } from "../../src/build/rollback.js";
import { main as versions } from "../../src/build/versions.js";
import { LOCK_KEY } from "../../src/shared/keys.js";
import { harness, published, standinMissing, workerDeploys } from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

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
      expect(dry.stats.ops.deletes).toBe(0);
      expect(dry.stats.ops.writes).toBe(0);
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
