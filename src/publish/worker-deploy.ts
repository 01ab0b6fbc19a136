// The deployed Worker, through wrangler: its live deployment's versions, the versions Cloudflare keeps for
// rollbacks, the number the next upload will get, and a deploy pinned to a content head (a rollback to content no
// kept Worker version serves).
import { type KvTarget, WranglerError } from "./kv-target.js";
import {
  readDeployedVersion,
  readDeploymentStatus,
  readVersionList,
  readVersionView,
  type WorkerVersion,
} from "./wrangler-output.js";

/** Code 10007: the account has no Worker of this name (nothing deployed yet). */
const NO_WORKER_CODE = 10007;

/** A version of the live deployment, its share of traffic, and (once told, see live.ts) what it serves. */
export interface ServedVersion extends WorkerVersion {
  percentage: number;
  head?: string;
  from?: string;
}

/** What `wrangler versions list` gave, or the promise of it when it is still being read. */
export type Kept = readonly WorkerVersion[] | Promise<readonly WorkerVersion[]>;

const noWorker = (e: unknown) => e instanceof WranglerError && e.code === NO_WORKER_CODE;

/**
 * The live deployment's versions, or null when no Worker of this name exists. Throws when the API cannot be read: a
 * caller that must know what is live cannot go on without it. `kept`: the versions a `versions list` gave, whose
 * entries stand in for a `versions view` each when they carry the bindings (the vars tell what a version serves).
 */
export async function readDeployedWorker(target: KvTarget, kept: Kept = []): Promise<ServedVersion[] | null> {
  let status: string;
  try {
    status = await target.wrangler("reading the Worker's deployment", ["deployments", "status", "--json"]);
  } catch (e) {
    if (noWorker(e)) return null;
    throw e;
  }
  const listed = new Map((await kept).filter((v) => v.hasBindings).map((v) => [v.id, v]));
  return Promise.all(
    readDeploymentStatus(status).map(async ({ id, percentage }) => ({
      ...(listed.get(id) ?? (await readWorkerVersion(target, id))),
      percentage,
    })),
  );
}

async function readWorkerVersion(target: KvTarget, id: string): Promise<WorkerVersion> {
  return readVersionView(await target.wrangler(`reading Worker version ${id}`, ["versions", "view", id, "--json"]));
}

/** The Worker versions Cloudflare keeps (`wrangler versions list`: the newest 100, which rollbacks may pick), or []. */
export async function listWorkerVersions(target: KvTarget): Promise<WorkerVersion[]> {
  try {
    return readVersionList(await target.wrangler("listing Worker versions", ["versions", "list", "--json"]));
  } catch (e) {
    if (noWorker(e)) return [];
    throw e;
  }
}

/** The number the next Worker upload will get: one past the newest kept version's (1 for the first). */
export function nextWorkerNumber(kept: readonly WorkerVersion[]): number {
  const numbers = kept.map((v) => v.number);
  if (numbers.some((n) => n === undefined))
    throw new Error("wrangler versions list gave a Worker version without its number");
  return Math.max(0, ...(numbers as number[])) + 1;
}

/**
 * `wrangler deploy` with the head as CONTENT_VERSION (the build step sees the pin and publishes nothing); resolves to
 * the Worker version id it reports.
 */
export async function deployPinned(target: KvTarget, head: string): Promise<string | undefined> {
  const out = await target.wrangler(
    "deploying the Worker",
    ["deploy", "--var", `CONTENT_VERSION:${head}`, "--message", `Dispatch content ${head.split(":")[1]}`],
    { timeoutMs: 300_000 },
  );
  return readDeployedVersion(out);
}
