// A worker thread of the build: reads the files (article-job.ts) and renders the documents (render-tasks.ts) it is
// sent, stores what it made in a pack of its own, and answers with the results and the values it stored.
import { parentPort, workerData } from "node:worker_threads";
import type { SiteConfig } from "../shared/site.js";
import { processFile } from "./article-job.js";
import { type RenderTask, runTask } from "./render-tasks.js";
import { ValueStore } from "./value-store.js";

const { site, storeDir, contentPrefix } = workerData as { site: SiteConfig; storeDir: string; contentPrefix: string };
const ctx = { site, store: ValueStore.forWorker(storeDir), contentPrefix };

type Job = { id: number; files: { file: string; bytes: Uint8Array }[] } | { id: number; task: RenderTask };

parentPort?.on("message", async (job: Job) => {
  try {
    const result =
      "task" in job
        ? ctx.store.putCompressed(runTask(site, job.task))
        : await Promise.all(job.files.map((f) => processFile(ctx, f.file, f.bytes)));
    // The values are on disk before the build hears of them.
    parentPort?.postMessage({ id: job.id, result, stored: ctx.store.takeAdditions() });
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
