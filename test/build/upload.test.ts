// The version's values as `wrangler kv bulk put` files: every value once, under its hash, in files one request each.
import { describe, expect, it } from "vitest";
import { groupForUpload } from "../../src/build/chunks.js";

describe("groupForUpload", () => {
  it("keeps a group under 500 keys, so wrangler sends each file as one request", () => {
    const values = Array.from({ length: 1234 }, (_, i) => [`h${i}`, 1000] as [string, number]);
    const groups = groupForUpload(values);
    expect(groups.map((g) => g.length)).toEqual([500, 500, 234]);
    expect(groups.flat()).toEqual(values.map(([h]) => h));
  });

  it("keeps a group under 48 MiB of values, so a request stays under the API's 100 MB even in base64", () => {
    const big = 20 * 1024 * 1024;
    const groups = groupForUpload([
      ["a", big],
      ["b", big],
      ["c", big],
      ["d", 10],
    ]);
    expect(groups).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("gives a value larger than a group's budget a group of its own", () => {
    expect(
      groupForUpload([
        ["a", 10],
        ["huge", 60 * 1024 * 1024],
        ["b", 10],
      ]),
    ).toEqual([["a"], ["huge"], ["b"]]);
  });
});
