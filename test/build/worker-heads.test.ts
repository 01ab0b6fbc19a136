// Which content a Worker version serves, told from the publish records (its bundle carries the head, which the API
// does not show), and which head a deploy pins: the rules `npm run versions`, rollback and prune rely on.
import { describe, expect, it } from "vitest";
import { headOfWorkerVersion } from "../../src/publish/live.js";
import type { RecordWithHead } from "../../src/publish/versions.js";
import { pinnedHead } from "../../src/publish/wrangler-invocation.js";

const record = (version: string, uploads: [number, string][]): RecordWithHead => ({
  version,
  publishedAt: "2026-12-07T10:00:00Z",
  articles: 1,
  values: 1,
  bytes: 1,
  head: `d1:${version}:s`,
  uploads: uploads.map(([number, at]) => ({ number, at })),
});
const worker = (number: number, vars: Record<string, string> = {}) => ({ id: `id-${number}`, number, vars });

describe("what a Worker version serves", () => {
  const records = [
    record("b", [
      [2, "2026-12-07T11:00:00Z"],
      [4, "2026-12-07T13:00:00Z"],
    ]),
    record("a", [[1, "2026-12-07T10:00:00Z"]]),
    // An upload whose build step ran and whose Worker upload then failed: number 3 was claimed twice.
    record("c", [[3, "2026-12-07T12:00:00Z"]]),
    record("d", [[3, "2026-12-07T12:30:00Z"]]),
  ];

  it("is the head its upload recorded; of two claims to one number, the later (the upload that made it)", () => {
    expect(headOfWorkerVersion(worker(1), records, undefined)).toEqual({ head: "d1:a:s", from: "its upload record" });
    expect(headOfWorkerVersion(worker(4), records, undefined)).toEqual({ head: "d1:b:s", from: "its upload record" });
    expect(headOfWorkerVersion(worker(3), records, undefined).head).toBe("d1:d:s");
  });

  it("for a version no build step uploaded (a secret change copies the newest bundle), the newest claim before it", () => {
    expect(headOfWorkerVersion(worker(5), records, undefined)).toEqual({
      head: "d1:b:s",
      from: "an earlier upload's record",
    });
  });

  it("is CONTENT_VERSION when a deploy pinned one, whatever the records say", () => {
    expect(headOfWorkerVersion(worker(4, { CONTENT_VERSION: "d1:z:s" }), records, undefined)).toEqual({
      head: "d1:z:s",
      from: "CONTENT_VERSION",
    });
  });

  it("is `current` for a Worker from before any upload was recorded, and nothing when there is none", () => {
    expect(headOfWorkerVersion(worker(1), [], "d1:old:s")).toEqual({ head: "d1:old:s", from: "`current`" });
    expect(headOfWorkerVersion(worker(1), [], undefined)).toEqual({});
  });
});

describe("a deploy pinned to a head", () => {
  it("reads --var CONTENT_VERSION:… in either spelling, and nothing else", () => {
    expect(pinnedHead(["deploy", "--var", "CONTENT_VERSION:d1:x:s", "--message", "m"])).toBe("d1:x:s");
    expect(pinnedHead(["deploy", "--var=CONTENT_VERSION:d1:y:s"])).toBe("d1:y:s");
    expect(pinnedHead(["deploy", "--var", "OTHER:1", "--dry-run"])).toBeUndefined();
    expect(pinnedHead(["deploy"])).toBeUndefined();
  });
});
