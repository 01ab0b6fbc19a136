// wrangler.toml says what the README says: the KV binding, an empty CONTENT_VERSION, and a Monday cron.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");

describe("wrangler.toml", () => {
  it("runs the digest cron on Mondays by name: Cloudflare numbers the days of the week from Sunday = 1", () => {
    const crons = /^crons\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? "";
    const fields = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]?.split(/\s+/));
    expect(fields).toEqual([["15", "*", "*", "*", "MON"]]);
  });

  it("binds the KV namespace as KV and leaves CONTENT_VERSION to the deploy", () => {
    expect(toml).toMatch(/^\[\[kv_namespaces\]\]\nbinding = "KV"$/m);
    expect(toml).toMatch(/^CONTENT_VERSION = ""$/m);
    expect(toml).toMatch(/^main = "src\/worker\/index\.ts"$/m);
  });
});
