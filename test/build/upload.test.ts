// A publish uploads the index and only the hash-named values KV lacks.
import { describe, expect, it } from "vitest";
import { entriesToUpload, parseKeyList } from "../../src/build/upload.js";

describe("entriesToUpload", () => {
  const entries = [
    { key: "v/abc/index", value: "{}" },
    { key: "b/111", value: "old feed" },
    { key: "b/222", value: "new feed" },
  ];

  it("skips values KV already holds and always writes the index", () => {
    const existing = parseKeyList(JSON.stringify([{ name: "b/111" }, { name: "v/abc/index" }, { name: "current" }]));
    expect(entriesToUpload(entries, existing).map((e) => e.key)).toEqual(["v/abc/index", "b/222"]);
  });

  it("uploads everything to an empty namespace", () => {
    expect(entriesToUpload(entries, new Set())).toEqual(entries);
  });
});
