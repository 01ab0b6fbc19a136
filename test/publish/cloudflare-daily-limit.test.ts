// The Free plan's daily limit of KV writes reached during `wrangler deploy` against the Cloudflare API stand-in
// (../shared/cfapi/), in both of its limit modes: refused whole (strict), or refused once reached (overshoot). The
// build step stores what the day allows and fails, so wrangler uploads no Worker and readers keep the version before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWrangler } from "../../src/publish/deploy.js";
import { harness, published, standinMissing, workerUploads } from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

const wranglerDeploy = (_: string[], ctx: Parameters<typeof runWrangler>[0]) => runWrangler(ctx, ["deploy"]);

describe.skipIf(!!standinMissing).each(["strict", "overshoot"])(
  "the Free plan's daily limit of KV writes during `wrangler deploy` (--limit-mode %s)",
  (mode) => {
    const h = harness();
    let live: string;
    beforeAll(async () => {
      await h.start(["--free-plan", "--limit-mode", mode]);
      const r = await h.run(wranglerDeploy);
      live = published(r.text) as string;
    }, 180_000);
    afterAll(() => h.stop());

    /** Readers still get `live`, whole. */
    async function expectLive() {
      const served = await h.served();
      expect(served.map((s) => s.version)).toEqual([live]);
      expect((await served[0]?.get("/feed.atom"))?.status).toBe(200);
      expect((await served[0]?.get("/articles/first-report"))?.status).toBe(200);
    }

    it("reached mid-upload: stores what the day allows, uploads no Worker, and the next day finishes", async () => {
      const a = await h.add();
      const b = await h.add();
      await h.standin.admin("usage", { writes: 1000 - 1 - 5 });
      const r = await h.run(wranglerDeploy);
      expect(r.code, r.text).toBe(1);
      expect(r.text).toMatch(
        /the Free plan's daily limit of 1,000 KV writes is used up \(your account has reached the free usage limit for this operation for today \[code: 10048\]\); it resets at 00:00 UTC, in \d+ h \d+ min/,
      );
      expect(r.text).toMatch(/Run the same command again after the reset/);
      expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
      expect(r.text).toMatch(/So wrangler uploads no Worker/);
      expect(workerUploads(r.stats)).toBe(0);
      expect(r.check.lock).toBeNull();
      await expectLive();
      await h.standin.admin("next-day", {});
      const next = await h.run(wranglerDeploy);
      expect(next.code, next.text).toBe(0);
      // Only what the day before could not store.
      expect(Number(/KV: (\d+) values uploaded/.exec(next.text)?.[1])).toBeLessThan(
        Number(/KV holds \d+ of them\.\nThis publish writes (\d+) keys/.exec(r.text)?.[1]),
      );
      live = published(next.text) as string;
      const [served] = await h.served();
      expect(served?.version).toBe(live);
      for (const spec of [a, b]) expect((await served?.get(`/articles/${spec.slug}`))?.status, spec.slug).toBe(200);
    }, 300_000);

    it("reached at the record: every value stored, no Worker uploaded, and the next day records and deploys", async () => {
      await h.add();
      // What this publish needs, read the way the build step reads it (the day's writes are spent: it stops at once).
      await h.standin.admin("usage", { writes: 1000 });
      const dry = await h.run(wranglerDeploy);
      expect(dry.code, dry.text).toBe(1);
      const needs = Number(/KV holds \d+ of them\.\nThis publish writes (\d+) keys/.exec(dry.text)?.[1]);
      expect(needs).toBeGreaterThan(2);
      await h.standin.admin("next-day", {});
      // The values fit (and the lock); the record does not.
      await h.standin.admin("usage", { writes: 1000 - 1 - (needs - 1) });
      const r = await h.run(wranglerDeploy);
      expect(r.code, r.text).toBe(1);
      expect(r.text).toMatch(/Every value of version \S+ is stored; recording it needs 1 more writes/);
      expect(r.text).toMatch(/the Free plan's daily limit of 1,000 KV writes is used up/);
      expect(workerUploads(r.stats)).toBe(0);
      await expectLive();
      await h.standin.admin("next-day", {});
      const next = await h.run(wranglerDeploy);
      expect(next.code, next.text).toBe(0);
      expect(next.text).toMatch(/This publish writes 1 keys \(0 values/);
      expect(next.stats.ops.writes).toBe(2);
      expect(workerUploads(next.stats)).toBe(1);
      live = published(next.text) as string;
      expect((await h.served()).map((s) => s.version)).toEqual([live]);
    }, 300_000);
  },
);
