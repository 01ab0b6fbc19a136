// The deployed Worker, through wrangler: what it serves (its versions' CONTENT_VERSION and code tag), deploying it
// pinned to a content head, and the hash of its code, so a publish whose content and code are both live deploys
// nothing.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { contentHashSync } from "./hash.js";
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

/** A version of the live deployment: its share of traffic and what it serves. */
export interface ServedVersion extends WorkerVersion {
  percentage: number;
  /** Its CONTENT_VERSION; undefined when empty, so the Worker serves `current`. */
  head?: string;
}

/**
 * The live deployment's versions, or null when no Worker of this name exists. Throws when the API cannot be read: a
 * caller that must know what is live cannot go on without it.
 */
export async function readDeployedWorker(target: KvTarget): Promise<ServedVersion[] | null> {
  let status: string;
  try {
    status = await target.wrangler("reading the Worker's deployment", ["deployments", "status", "--json"]);
  } catch (e) {
    if (e instanceof WranglerError && e.code === NO_WORKER_CODE) return null;
    throw e;
  }
  const served: ServedVersion[] = [];
  for (const { id, percentage } of readDeploymentStatus(status)) {
    const version = await readWorkerVersion(target, id);
    const head = version.vars.CONTENT_VERSION?.trim();
    served.push({ ...version, percentage, ...(head ? { head } : {}) });
  }
  return served;
}

export async function readWorkerVersion(target: KvTarget, id: string): Promise<WorkerVersion> {
  return readVersionView(await target.wrangler(`reading Worker version ${id}`, ["versions", "view", id, "--json"]));
}

/**
 * The newest Worker version Cloudflare still keeps (`wrangler versions list`, the last 100) whose CONTENT_VERSION is
 * `head`, if any.
 */
export async function findWorkerVersion(target: KvTarget, head: string): Promise<string | undefined> {
  const versions = readVersionList(await target.wrangler("listing Worker versions", ["versions", "list", "--json"]));
  return versions.find((v) => v.vars.CONTENT_VERSION?.trim() === head)?.id;
}

/**
 * `wrangler deploy` with the head as CONTENT_VERSION and the code's hash as the version's tag; resolves to the Worker
 * version id it reports.
 */
export async function deployWorker(target: KvTarget, head: string, tag: string): Promise<string | undefined> {
  const out = await target.wrangler(
    "deploying the Worker",
    ["deploy", "--var", `CONTENT_VERSION:${head}`, "--tag", tag, "--message", `Dispatch content ${head.split(":")[1]}`],
    { timeoutMs: 300_000 },
  );
  return readDeployedVersion(out);
}

/** The Dispatch installation whose Worker is deployed: its src/ and lockfile. */
const codeRoot = resolve(import.meta.dirname, "../..");

/**
 * A hash of what `wrangler deploy` uploads: the Worker's sources (everything under src/ but the Node-side build),
 * the lockfile, and the project's wrangler.toml. Equal tags mean the same Worker.
 */
export async function codeTag(root: string): Promise<string> {
  const src = join(codeRoot, "src");
  const files = (await readdir(src, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(src, f).startsWith("build"))
    .sort();
  const parts: string[] = [];
  for (const f of [...files, join(codeRoot, "package-lock.json")])
    parts.push(relative(codeRoot, f), await readFile(f, "utf8").catch(() => ""));
  parts.push("wrangler.toml", await readFile(join(root, "wrangler.toml"), "utf8"));
  return `code-${contentHashSync(parts.join("\0"))}`;
}
