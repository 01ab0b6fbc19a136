// Remote and local KV give the same answers to the same questions through `KvTarget`: the same wrangler commands
// against a local namespace (`--local --persist-to`) and against the Cloudflare API stand-in (`--remote`), whose
// outputs differ in shape (bulk get prints the API's `{"key": "value" | null}` remotely, `{"key": {"value": …}}`
// locally) and in paging (the API lists 1,000 keys a page).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KvTarget } from "../../src/publish/kv-target.js";
import { readDeployedWorker } from "../../src/publish/worker-deploy.js";
import { readBulkGet, readFailure, readVersionList, type WorkerVersion } from "../../src/publish/wrangler-output.js";
import { cloudProject, commandContext, repo, type Standin, standinMissing, startStandin } from "../support/cfapi.js";

if (standinMissing) console.log(standinMissing);

describe.skipIf(!!standinMissing)("KV through wrangler, local and remote", () => {
  let standin: Standin;
  let local: KvTarget;
  let remote: KvTarget;
  beforeAll(async () => {
    standin = await startStandin();
    const root = await cloudProject([]);
    local = new KvTarget({
      root,
      where: "local",
      command: [join(repo, "node_modules/.bin/wrangler")],
      persistTo: await mkdtemp(join(tmpdir(), "dispatch-kv-")),
    });
    remote = new KvTarget({ ...commandContext(root, standin).target, root, where: "remote" });
  }, 60_000);
  afterAll(() => standin?.stop());

  /** The same steps on one target; every answer collected. */
  async function answers(target: KvTarget) {
    // 1,005 keys: more than one page of the API's listing.
    const many = Array.from({ length: 1005 }, (_, i) => ({ key: `b/k${String(i).padStart(4, "0")}`, value: `v${i}` }));
    await target.putMany(many, "writing 1,005 keys");
    await target.putMany([{ key: "v/one", value: '{"head":"h"}', metadata: { version: "one", articles: 3 } }], "bulk");
    await target.put("current", "d1:head", { note: "with metadata" });
    await target.put("lock", "held", undefined, 3600);
    const listed = await target.list("b/");
    const records = await target.list("v/");
    const lock = await target.list("lock");
    const got = await target.getMany(["current", "b/k0003", "b/none", "v/one"]);
    const missing = await target.getText("nothing-here");
    await target.delete("lock");
    await target.deleteMany(many.slice(0, 5).map((e) => e.key));
    const after = await target.list("");
    return {
      listed: listed.map((k) => k.name),
      records,
      lockExpires: typeof lock[0]?.expiration === "number",
      got: [...got],
      missing,
      after: after.map((k) => k.name),
    };
  }

  it("answers get, bulk get, list (paged), put with metadata and TTL, and delete alike", async () => {
    const [l, r] = await Promise.all([answers(local), answers(remote)]);
    expect(r).toEqual(l);
    expect(l.listed).toHaveLength(1005);
    expect(l.records).toEqual([{ name: "v/one", metadata: { version: "one", articles: 3 } }]);
    expect(l.lockExpires).toBe(true);
    expect(l.got).toEqual([
      ["current", "d1:head"],
      ["b/k0003", "v3"],
      ["v/one", '{"head":"h"}'],
    ]);
    expect(l.missing).toBeUndefined();
    expect(l.after).toHaveLength(1005 - 5 + 2);
    expect(l.after).not.toContain("lock");
  }, 240_000);
});

describe("reading wrangler's output", () => {
  it("reads both shapes of bulk get, and refuses an answer it does not know rather than call it empty", () => {
    const keys = ["a", "b"];
    expect([...readBulkGet('{\n  "a": "1",\n  "b": null\n}', keys)]).toEqual([
      ["a", "1"],
      ["b", null],
    ]);
    expect([...readBulkGet('{"a": {"value": "1"}, "b": {"value": null}}', keys)]).toEqual([
      ["a", "1"],
      ["b", null],
    ]);
    expect([...readBulkGet('{"a": {"value": "1", "metadata": {"x": 1}}, "b": null}', keys)]).toEqual([
      ["a", "1"],
      ["b", null],
    ]);
    expect(() => readBulkGet('{"a": {"val": "1"}, "b": null}', keys)).toThrow(/answered a with/);
    expect(() => readBulkGet('{"a": "1"}', keys)).toThrow(/did not answer for b/);
    expect(() => readBulkGet("Error: something", keys)).toThrow(/printed no JSON/);
  });

  it("reads the API's error line, code and Retry-After out of wrangler's error block", () => {
    const esc = String.fromCharCode(27);
    const output = [
      "",
      ` ⛅️ wrangler 4.164.0`,
      "────────────────────",
      `${esc}[31m✘ ${esc}[41;31m[${esc}[41;97mERROR${esc}[41;31m]${esc}[0m ${esc}[1mA request to the Cloudflare API (/accounts/x/storage/kv/namespaces/y/bulk) failed.${esc}[0m`,
      "",
      "  Please wait and consider throttling your request speed [code: 971]",
      '  The API responded with a "Retry-After" header indicating you should wait 30 second(s) before retrying.',
      "  ",
      `  If you think this is a bug, please open an issue at: ${esc}[4mhttps://github.com/cloudflare/workers-sdk/issues/new/choose${esc}[0m`,
      "",
      '🪵  Logs were written to "/root/.config/.wrangler/logs/wrangler.log"',
    ].join("\n");
    expect(readFailure(output)).toEqual({
      message: [
        "A request to the Cloudflare API (/accounts/x/storage/kv/namespaces/y/bulk) failed.",
        "Please wait and consider throttling your request speed [code: 971]",
        'The API responded with a "Retry-After" header indicating you should wait 30 second(s) before retrying.',
      ].join("\n"),
      code: 971,
      retryAfterMs: 30_000,
    });
  });
});

describe("the live Worker's versions", () => {
  /** A wrangler that answers `deployments status` (version w2 live) and, unless `noView`, `versions view w2`. */
  const fakeWrangler = (noView: boolean) =>
    new KvTarget({
      root: repo,
      where: "remote",
      attempts: 1,
      command: [
        process.execPath,
        "-e",
        `const a = process.argv.slice(1).join(" ");
         if (a === "deployments status --json") console.log(JSON.stringify({ versions: [{ version_id: "w2", percentage: 100 }] }));
         else if (a === "versions view w2 --json" && !${noView})
           console.log(JSON.stringify({ id: "w2", number: 2, resources: { bindings: [{ type: "plain_text", name: "CONTENT_VERSION", text: "d1:pinned" }] } }));
         else { console.error("✘ [ERROR] not expected: " + a); process.exit(1); }`,
      ],
    });

  it("takes a live version's vars from `versions list` only when the list carries its bindings", async () => {
    // Cloudflare's API documents a listing's items as id, number and metadata: no bindings, so a pinned
    // CONTENT_VERSION is only seen with `versions view`.
    const [listed] = readVersionList('[{"id": "w2", "number": 2, "metadata": {}}]');
    expect(listed?.hasBindings).toBe(false);
    expect((await readDeployedWorker(fakeWrangler(false), [listed as WorkerVersion]))?.[0]?.vars).toEqual({
      CONTENT_VERSION: "d1:pinned",
    });
    // A listing with the bindings (as the stand-in gives) is read as it is, with no `versions view`.
    const [full] = readVersionList(
      '[{"id": "w2", "number": 2, "resources": {"bindings": [{"type": "plain_text", "name": "CONTENT_VERSION", "text": "d1:listed"}]}}]',
    );
    expect(full?.hasBindings).toBe(true);
    expect((await readDeployedWorker(fakeWrangler(true), [full as WorkerVersion]))?.[0]).toMatchObject({
      id: "w2",
      number: 2,
      percentage: 100,
      vars: { CONTENT_VERSION: "d1:listed" },
    });
  });
});
