// Two test projects: the build and renderers in Node, the Worker inside workerd with KV seeded from the real build.
import { existsSync, readFileSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// `npm test` builds content/ first; the Worker under test serves that version.
const versionFile = new URL("./dist/version.txt", import.meta.url);
const contentVersion = existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : "";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/build/**/*.test.ts", "test/render/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { CONTENT_VERSION: contentVersion } },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/seed-kv.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
