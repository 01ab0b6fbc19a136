// Four test projects: the build and renderers in Node; the Worker inside workerd with KV seeded from the real build;
// a large synthetic site built and served by the real Worker in workerd; and the running Worker's pages in Debian's
// Chromium.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// `npm test` builds content/ first; the Worker under test serves that version.
const versionFile = resolve(import.meta.dirname, "dist/version.txt");
const contentVersion = existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : "";

export default defineConfig({
  test: {
    // CI reads the counts from a JSON report (.ci/run prints "N passed, N failed").
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".ci-results.json" }]] : ["default"],
    // Much of the suite's time is spent waiting on other processes (workerd, the API stand-in, Chromium), not on this
    // one: more files at once than the machine has cores keeps both cores busy. The publishing tests, which start
    // wrangler a few hundred times, run one file at a time (their own project): four of them at once on two cores
    // made each wrangler call several times slower and ran past their timeouts.
    maxWorkers: 4,
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
        test: {
          name: "publish",
          environment: "node",
          include: ["test/publish/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      {
        // The head the Worker is bundled with (wrangler.toml's alias); tests also set CONTENT_VERSION to it.
        resolve: { alias: { "dispatch:head": resolve(import.meta.dirname, "dist/head.js") } },
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
      {
        test: {
          name: "serve",
          environment: "node",
          include: ["test/serve/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          // One Worker (workerd) and one Chromium at a time; axe on a long page takes seconds, so a file's concurrent
          // checks run three at a time, each in its own browser profile.
          fileParallelism: false,
          maxConcurrency: 3,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
