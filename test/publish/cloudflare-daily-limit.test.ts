// The Free plan's daily limit of KV writes reached during a publish against the Cloudflare API stand-in
// (../shared/cfapi/), in both of its limit modes: refused whole (strict), or refused once reached (overshoot).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as deploy } from "../../src/build/deploy.js";
import { harness, published, standinMissing } from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

describe.skipIf(!!standinMissing).each(["strict", "overshoot"])(
  "the Free plan's daily limit of KV writes (--limit-mode %s)",
  (mode) => {
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
  },
);
