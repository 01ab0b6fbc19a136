// Worker threads for the build's per-file and per-document work, so a large archive is built on every core.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { SiteConfig } from "../shared/site.js";
import type { FileResult } from "./article-job.js";
import type { RenderTask } from "./render-tasks.js";
import type { Location, Ref } from "./value-store.js";

interface Pending {
  resolve: (r: never) => void;
  reject: (e: Error) => void;
  worker: number;
}

/** Old-generation heap of each worker thread, MB: several times what one worker's work keeps alive. */
const WORKER_HEAP_MB = 256;

class WorkerPool {
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  /** `adopt` takes in the values a worker stored, before the result that names them is handed on. */
  constructor(
    site: SiteConfig,
    storeDir: string,
    contentPrefix: string,
    adopt: (stored: [string, Location][]) => void,
    size = Math.max(1, Math.min(availableParallelism(), 8)),
  ) {
    this.load = new Array(size).fill(0);
    // The workers run TypeScript through tsx, a devDependency, whether the build was started by tsx or by vitest.
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(join(import.meta.dirname, "article-worker.ts"), {
        workerData: { site, storeDir, contentPrefix },
        execArgv: ["--import", import.meta.resolve("tsx")],
        // A worker holds one message's files or one document at a time; a bounded heap makes V8 collect as it goes
        // instead of growing towards its default limit, which at 100,000 articles put the build over 2 GB.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      w.on("message", (m: { id: number; result?: unknown; stored?: [string, Location][]; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.load[p.worker] = (this.load[p.worker] ?? 1) - 1;
        if (m.stored) adopt(m.stored);
        if (m.error === undefined) p.resolve(m.result as never);
        else p.reject(new Error(m.error));
      });
      w.on("error", (e: Error) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      return w;
    });
  }

  private send<T>(message: object, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = this.next++;
    // The least busy worker: documents differ in cost by a hundredfold.
    let worker = 0;
    for (let i = 1; i < this.load.length; i++) if ((this.load[i] ?? 0) < (this.load[worker] ?? 0)) worker = i;
    this.load[worker] = (this.load[worker] ?? 0) + 1;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: never) => void, reject, worker });
      (this.workers[worker] as Worker).postMessage({ id, ...message }, transfer);
    });
  }

  /** Reads files, several to a message; their bytes are moved to the worker, not copied. */
  readFiles(files: { file: string; bytes: Uint8Array }[]): Promise<FileResult[]> {
    // Plain buffers of their own: Node's Buffers may be slices of a shared pool, which cannot be moved.
    const own = files.map((f) => ({ file: f.file, bytes: new Uint8Array(f.bytes) }));
    return this.send(
      { files: own },
      own.map((f) => f.bytes.buffer as ArrayBuffer),
    );
  }

  /** Renders, compresses and stores one document. */
  render(task: RenderTask): Promise<Ref> {
    return this.send({ task });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Runs the build's work in this thread until there is enough of it to pay for starting the workers (half a second
 * or so each, to load the renderers), then on the pool.
 */
export class Workers {
  private pool: WorkerPool | undefined;

  constructor(
    private readonly site: SiteConfig,
    private readonly storeDir: string,
    private readonly contentPrefix: string,
    private readonly adopt: (stored: [string, Location][]) => void,
  ) {}

  /** The pool, started now if it is not yet running. */
  get(): WorkerPool {
    this.pool ??= new WorkerPool(this.site, this.storeDir, this.contentPrefix, this.adopt);
    return this.pool;
  }

  running(): boolean {
    return this.pool !== undefined;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}
