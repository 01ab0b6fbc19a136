// A publish: upload the values KV lacks, check that every value the version needs is there, record the version,
// point `current` at it, deploy the Worker that serves it, tell the WebSub hub which feeds changed, and say what
// changed. Nothing names the new version until everything it names is stored, so a publish that fails at any step
// leaves the live site as it was.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeHead, isSwitched, type RouteEntry, type Shard } from "../shared/content.js";
import { CURRENT_KEY, valueKey } from "../shared/keys.js";
import { documentKindOf, parsePath } from "../shared/routes.js";
import type { BuildResult } from "./build.js";
import { bulkEntries, groupForUpload } from "./chunks.js";
import type { KvTarget } from "./kv-target.js";
import { ValueStore } from "./store.js";
import { liveHead, storedValues, valuesOfHead, writeRecord } from "./versions.js";
import { type PingResult, pingHub } from "./websub.js";

export interface Upload {
  /** Values the version needs, and their bytes. */
  values: number;
  bytes: number;
  /** Values uploaded now, and their bytes. */
  uploaded: number;
  uploadedBytes: number;
  /** False when KV could not be listed, so every value was uploaded. */
  listed: boolean;
}

/** The version's values, "hash size" a line, from dist/values.txt. */
export async function versionValues(outDir: string): Promise<[string, number][]> {
  return (await readFile(join(outDir, "values.txt"), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [hash = "", size = "0"] = line.split(" ");
      return [hash, Number(size)] as [string, number];
    });
}

/**
 * Uploads the values of a built version that KV does not hold, then lists KV again (unless the first listing already
 * showed every one) and refuses to go on unless every one is there.
 */
export async function uploadVersion(target: KvTarget, result: BuildResult, say = console.log): Promise<Upload> {
  const values = await versionValues(result.outDir);
  let existing: Set<string> | undefined;
  try {
    existing = await storedValues(target);
  } catch (e) {
    say(`Listing the values KV holds failed (${e instanceof Error ? e.message : e}): every value will be uploaded.`);
  }
  const missing = values.filter(([h]) => !existing?.has(h));
  const bytes = values.reduce((n, [, s]) => n + s, 0);
  const missingBytes = missing.reduce((n, [, s]) => n + s, 0);
  say(
    existing
      ? `Uploading ${missing.length.toLocaleString("en")} of ${values.length.toLocaleString("en")} values (${mib(missingBytes)}); KV holds the rest.`
      : `Uploading all ${values.length.toLocaleString("en")} values (${mib(bytes)}).`,
  );
  const store = await ValueStore.open(result.storeDir);
  const groups = groupForUpload(missing);
  for (const [i, group] of groups.entries())
    await target.putMany(bulkEntries(store, group), `uploading values, part ${i + 1} of ${groups.length}`);
  const now = existing && missing.length === 0 ? existing : await storedValues(target);
  const absent = values.filter(([h]) => !now.has(h));
  if (absent.length > 0)
    throw new Error(
      `${absent.length} of the version's values are still not in KV after the upload (first: ${valueKey(absent[0]?.[0] ?? "")}); nothing was switched to it`,
    );
  return { values: values.length, bytes, uploaded: missing.length, uploadedBytes: missingBytes, listed: !!existing };
}

/** What changed between two versions, by their route tables. */
export interface Changes {
  articles: { added: string[]; updated: string[]; removed: string[] };
  /** Feed, archive and digest feed paths whose bytes changed or which are new. */
  feeds: string[];
  /** Digest week pages whose bytes changed or which are new. */
  weeks: string[];
}

const storedHash = (e: RouteEntry) => (isSwitched(e) ? e[2][0] : e[0]);

function routesOf(shards: Iterable<Shard>): Map<string, string> {
  const out = new Map<string, string>();
  for (const shard of shards)
    for (const [path, entry] of Object.entries(shard.routes)) out.set(path, storedHash(entry));
  return out;
}

export function changesBetween(before: Map<string, string>, after: Map<string, string>): Changes {
  const changes: Changes = { articles: { added: [], updated: [], removed: [] }, feeds: [], weeks: [] };
  for (const [path, hash] of after) {
    const was = before.get(path);
    if (was === hash) continue;
    const route = parsePath(path);
    if (!route) continue;
    if (route.kind === "article") (was ? changes.articles.updated : changes.articles.added).push(route.slug);
    else if (documentKindOf(route) === "feed") changes.feeds.push(path);
    else if (route.kind === "digest-week" && route.form === "page") changes.weeks.push(route.week);
  }
  for (const path of before.keys()) {
    const route = parsePath(path);
    if (route?.kind === "article" && !after.has(path)) changes.articles.removed.push(route.slug);
  }
  return changes;
}

export interface PublishReport {
  version: string;
  /** The version that was live before, if any. */
  previous?: string;
  upload: Upload;
  changes: Changes;
  worker?: string;
  pings: PingResult[];
}

export interface PublishOptions {
  target: KvTarget;
  /** A built version, without drafts. */
  result: BuildResult;
  /** Deploys the Worker with CONTENT_VERSION set to the head (remote publishes); resolves to its version id. */
  deployWorker?: (head: string) => Promise<string | undefined>;
  say?: (line: string) => void;
}

/** Publishes a built version (see the module header). The caller holds the lock. */
export async function publish({
  target,
  result,
  deployWorker,
  say = console.log,
}: PublishOptions): Promise<PublishReport> {
  const head = result.headText;
  const version = result.head.version;
  const previousHead = await liveHead(target);
  const upload = await uploadVersion(target, result, say);
  const before = previousHead ? routesOf((await valuesOfHead(target, previousHead)).shards.values()) : new Map();
  const after = new Map(Object.entries(result.routes).map(([path, entry]) => [path, storedHash(entry)]));
  const changes = changesBetween(before, after);
  const record = {
    version,
    head,
    publishedAt: result.summary.publishedAt,
    articles: result.summary.articles,
    values: upload.values,
    bytes: upload.bytes,
  };
  await writeRecord(target, record);
  await target.put(CURRENT_KEY, head);
  let worker: string | undefined;
  if (deployWorker) {
    try {
      worker = await deployWorker(head);
    } catch (e) {
      throw new Error(
        `${e instanceof Error ? e.message : e}. Every value of version ${version} is in KV and \`current\` names it, but the Worker was not deployed: the Worker serves the version it was deployed with. Run the deploy again.`,
      );
    }
    if (worker) await writeRecord(target, { ...record, worker });
  }
  // Only the documents readers subscribe to: archive documents are fetched by walking links, not pushed.
  const subscribed = changes.feeds.filter((p) => {
    const route = parsePath(p);
    return route?.kind === "feed" || route?.kind === "digest-feed";
  });
  const hub = result.site.hub;
  const pings =
    hub && subscribed.length > 0
      ? await pingHub(
          hub,
          subscribed.map((p) => `${result.site.origin}${p}`),
        )
      : [];
  const previous = previousHead ? decodeHead(previousHead)?.version : undefined;
  return { version, ...(previous ? { previous } : {}), upload, changes, ...(worker ? { worker } : {}), pings };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The report a publish prints. */
export function formatPublish(r: PublishReport, where: string): string {
  const a = r.changes.articles;
  const lines = [
    `Published content version ${r.version} to ${where}${r.previous ? ` (was ${r.previous})` : " (the first publish)"}.`,
    `  articles: ${a.added.length} added, ${a.updated.length} updated, ${a.removed.length} removed` +
      (a.added.length + a.updated.length + a.removed.length > 0 &&
      a.added.length + a.updated.length + a.removed.length <= 10
        ? ` (${[...a.added.map((s) => `+${s}`), ...a.updated.map((s) => `~${s}`), ...a.removed.map((s) => `-${s}`)].join(", ")})`
        : ""),
    `  feeds changed: ${r.changes.feeds.length}; digest weeks changed: ${r.changes.weeks.length}${r.changes.weeks.length > 0 && r.changes.weeks.length <= 5 ? ` (${r.changes.weeks.join(", ")})` : ""}`,
    `  KV: ${r.upload.uploaded.toLocaleString("en")} values uploaded (${mib(r.upload.uploadedBytes)}) of the ${r.upload.values.toLocaleString("en")} the version needs (${mib(r.upload.bytes)})${r.upload.listed ? "" : "; KV could not be listed, so all were sent"}`,
  ];
  if (r.worker) lines.push(`  Worker version ${r.worker}`);
  if (r.pings.length > 0) {
    const failed = r.pings.filter((p) => !p.ok);
    lines.push(
      `  WebSub: ${r.pings.length - failed.length} of ${r.pings.length} changed feeds announced to the hub` +
        (failed.length ? `; failed: ${failed.map((p) => `${p.url} (${p.detail})`).join(", ")}` : ""),
    );
  }
  return lines.join("\n");
}
