// wrangler.toml says what the README says: the KV binding, the build step that publishes before wrangler bundles,
// the bundle's head module, an empty CONTENT_VERSION, and no cron (nothing is left for the Worker to render or write
// on a schedule).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");

describe("wrangler.toml", () => {
  it("declares no Cron Trigger: the build renders every digest, so the Worker never writes to KV", () => {
    expect(toml).not.toMatch(/^\s*crons\s*=/m);
    expect(toml).not.toMatch(/^\[triggers\]/m);
  });

  it("binds the KV namespace as KV, and the Worker serves the head it is bundled with", () => {
    expect(toml).toMatch(/^\[\[kv_namespaces\]\]\nbinding = "KV"$/m);
    expect(toml).toMatch(/^CONTENT_VERSION = ""$/m);
    expect(toml).toMatch(/^main = "src\/worker\/index\.ts"$/m);
    expect(toml).toMatch(/^\[alias\]\n"dispatch:head" = "\.\/dist\/head\.js"$/m);
  });

  it("publishes from wrangler's build step, which runs before every deploy and upload", () => {
    expect(toml).toMatch(/^\[build\]\ncommand = "node_modules\/\.bin\/tsx src\/cli\/wrangler-build\.ts"$/m);
  });
});
