// The build step of `wrangler deploy` (src/cli/wrangler-build.ts, run in-process here so a test can shorten its
// timeouts) against the Cloudflare API stand-in (../shared/cfapi/) while it answers with faults: a 500 once and
// always, a 429 with Retry-After in a rate-limit window, a bulk write that hangs past the timeout and lands. It either
// stores every value and records the version, or exits non-zero so wrangler uploads no Worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as buildStep } from "../../src/cli/wrangler-build.js";
import type { CommandContext } from "../../src/publish/command.js";
import { runWrangler } from "../../src/publish/deploy.js";
import { harness, published, type Run, standinMissing } from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

/** The build step as `wrangler deploy` runs it: WRANGLER_COMMAND=deploy, and wrangler's arguments `deploy`. */
async function deployStep(_: string[], ctx: CommandContext): Promise<number> {
  process.env.WRANGLER_COMMAND = "deploy";
  try {
    return await buildStep(["deploy"], ctx);
  } finally {
    delete process.env.WRANGLER_COMMAND;
  }
}

describe.skipIf(!!standinMissing)("faults the API answers with, during the build step of a deploy", () => {
  const h = harness();
  let live: string;
  beforeAll(async () => {
    await h.start(["--free-plan", "--limit-mode", "strict"]);
    const r = await h.run((_, ctx) => runWrangler(ctx, ["deploy"]));
    live = published(r.text) as string;
  }, 180_000);
  afterAll(() => h.stop());

  /** After a publish that stopped: the step failed (so wrangler uploads nothing), said why, and readers are unmoved. */
  async function expectUnmoved(r: Run) {
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/Readers do not get version \S+: the live site is as it was/);
    expect(r.text).toMatch(/So wrangler uploads no Worker/);
    expect(r.check.lock).toBeNull();
    const [served] = await h.served();
    expect(served?.version).toBe(live);
    expect((await served?.get("/feed.atom"))?.status).toBe(200);
  }

  /** After a publish that completed: every value of every recorded version is stored, the new one recorded. */
  function expectStored(r: Run) {
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/Every value is stored: wrangler now uploads and deploys the Worker/);
    const version = published(r.text) as string;
    expect(r.check.records.map((x) => x.version)).toContain(version);
    for (const record of r.check.records) expect(record.missing, record.key).toBe(0);
    expect(r.check.lock).toBeNull();
  }

  it("sends a bulk write that met a 500 again, and completes", async () => {
    await h.add();
    await h.standin.admin("faults", [{ kind: "500", match: "PUT .*/bulk$", nth: 1, count: 1 }]);
    const r = await h.run(deployStep, [], { backoffMs: 200 });
    expect(r.text).toMatch(/Internal server error \(stand-in: injected fault\) \[code: 10013\]; trying again/);
    expectStored(r);
  }, 180_000);

  it("stops when every bulk write meets a 500, says why in the API's words, and leaves the site as it was", async () => {
    await h.add();
    await h.standin.admin("faults", [{ kind: "500", match: "PUT .*/bulk$", nth: 1, count: 100 }]);
    const r = await h.run(deployStep);
    await h.standin.admin("faults", []);
    expect(r.text).toMatch(
      /Publish failed: uploading values, part 1 \(\d+ values\) failed after 3 attempts: A request to the Cloudflare API \(.*\/bulk\) failed\.\nInternal server error \(stand-in: injected fault\) \[code: 10013\]/,
    );
    expect(r.text).not.toMatch(/If you think this is a bug|Logs were written/);
    await expectUnmoved(r);
  }, 180_000);

  it("waits out a 429's Retry-After in a 30-second rate-limit window, then completes", async () => {
    await h.add();
    await h.standin.admin("faults", [
      { kind: "429", match: "PUT .*/bulk$", nth: 1, count: 1, window: 30, retryAfter: 30 },
    ]);
    const started = Date.now();
    const r = await h.run(deployStep);
    await h.standin.admin("faults", []);
    expect(r.text).toMatch(/Please wait and consider throttling your request speed \[code: 971\]/);
    expect(r.text).toMatch(/trying again in 31 s \(the API's Retry-After\)/);
    expect(Date.now() - started).toBeGreaterThan(30_000);
    expectStored(r);
  }, 240_000);

  it("does not send a timed-out bulk write again while it may still land", async () => {
    await h.add();
    // The stand-in's field is named "then" (answer once the hang is over); JSON keeps it off an object literal.
    await h.standin.admin(
      "faults",
      JSON.parse('[{"kind": "hang", "match": "PUT .*/bulk$", "nth": 1, "count": 1, "seconds": 25, "then": "answer"}]'),
    );
    const r = await h.run(deployStep, [], { timeoutMs: 20_000 });
    await h.standin.admin("faults", []);
    expect(r.text).toMatch(/timed out; it may still land, so KV is checked before sending again/);
    const uploaded = Number(/KV: (\d+) values uploaded/.exec(r.text)?.[1]);
    // Each value written once: the late write landed, and nothing was sent twice; then the record and the lock.
    expect(r.stats.ops.writes).toBe(uploaded + 2);
    expectStored(r);
  }, 240_000);
});
