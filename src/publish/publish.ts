// A publish: read what is live, upload the values KV lacks (within the day's Free-plan writes when asked), check that
// every value the version needs is stored, then write the version's record (with the Worker upload it is for) and,
// locally, `current`, and say what changed. Nothing names the new version until everything it names is stored, so a
// publish that stops at any step leaves the live site as it was, and the next run resumes where it stopped (values
// are named by their bytes: what is stored is never sent again). Remotely, the Worker that serves the version is
// uploaded by wrangler after this (the build step of `wrangler deploy`, src/cli/wrangler-build.ts).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type BuildResult, DIST_FILES } from "../build/build.js";
import { type BulkEntry, bulkEntries, groupForUpload } from "../build/chunks.js";
import { mib } from "../build/run-build.js";
import { ValueStore } from "../build/value-store.js";
import { authorSlugs } from "../content/derive.js";
import { CURRENT_KEY, valueKey } from "../shared/keys.js";
import { absolute, authorScope, documentKindOf, FEED_FORMATS, parsePath, pathOf } from "../shared/routes.js";
import { decodeHead, isSwitched, type RouteEntry, type Shard } from "../shared/stored-version.js";
import { DAILY_LIMIT_CODE, FREE_PLAN_LIMITS, type KvTarget, WranglerError } from "./kv-target.js";
import { type Live, readLive } from "./live.js";
import { type RecordWithHead, recordEntry, storedValues, valuesOfHead, type WorkerUpload } from "./versions.js";
import { type PingResult, pingHub } from "./websub.js";
import type { WorkerVersion } from "./wrangler-output.js";

/** The version's values, "hash size" a line, from dist/values.txt. */
export async function versionValues(outDir: string): Promise<[string, number][]> {
  return (await readFile(join(outDir, DIST_FILES.values), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [hash = "", size = "0"] = line.split(" ");
      return [hash, Number(size)] as [string, number];
    });
}

/** What a publish would do, read before anything is written. */
export interface PublishPlan {
  version: string;
  head: string;
  live: Live;
  /** The values the version needs, and those KV does not hold. */
  values: [string, number][];
  missing: [string, number][];
  /** The version's record, with the Worker upload it is for (remote), and locally `current`, where KV differs. */
  switchEntries: BulkEntry[];
}

/**
 * Reads what is live and what KV holds, and works out what a publish of `result` must write. Writes nothing. `upload`:
 * the Worker upload that will carry this version (remote), recorded with it; `workerVersions`: the Worker versions
 * Cloudflare keeps, when already read.
 */
export async function planPublish(
  target: KvTarget,
  result: BuildResult,
  upload?: WorkerUpload,
  workerVersions?: readonly WorkerVersion[],
): Promise<PublishPlan> {
  const head = result.headText;
  const version = result.head.version;
  const [live, values, stored] = await Promise.all([
    readLive(target, workerVersions),
    versionValues(result.outDir),
    storedValues(target),
  ]);
  const missing = values.filter(([h]) => !stored.has(h));
  const recorded = live.records.find((r) => r.version === version && r.head === head);
  const record: RecordWithHead = {
    version,
    publishedAt: recorded?.publishedAt ?? result.summary.publishedAt,
    articles: result.summary.articles,
    values: values.length,
    bytes: values.reduce((n, [, s]) => n + s, 0),
    head,
    ...(recorded?.uploads || upload ? { uploads: [...(recorded?.uploads ?? []), ...(upload ? [upload] : [])] } : {}),
  };
  const switchEntries: BulkEntry[] = [];
  if (target.where === "local" && live.current !== head) switchEntries.push({ key: CURRENT_KEY, value: head });
  if (!recorded || upload) switchEntries.push(recordEntry(record));
  return { version, head, live, values, missing, switchEntries };
}

/** KV writes a plan makes: its missing values and the switch (the lock adds one write and one delete). */
export const writesOf = (plan: PublishPlan) => plan.missing.length + plan.switchEntries.length;

/** Whole days of the Free plan's writes a plan needs: one write a day is the lock's. */
export const freePlanDays = (writes: number) => Math.ceil(writes / (FREE_PLAN_LIMITS.writes - 1));

export interface Upload {
  /** Values the version needs, and their bytes. */
  values: number;
  bytes: number;
  /** Values uploaded now, and their bytes. */
  uploaded: number;
  uploadedBytes: number;
}

/** A publish that stored part of the version and stopped, the live site untouched. */
export class PublishStopped extends Error {
  constructor(
    readonly reason: "daily-limit" | "max-writes",
    message: string,
    readonly upload: Upload,
  ) {
    super(message);
  }
}

const isDailyLimit = (e: unknown) => e instanceof WranglerError && e.code === DAILY_LIMIT_CODE;

export interface UploadOptions {
  /** Values to store in this run at most (`--max-writes`). */
  maxWrites?: number;
  /** How long a bulk write that timed out may take to land before what is missing is sent again. */
  settleMs?: number;
  say?: (line: string) => void;
}

/**
 * Uploads the values of a plan that KV does not hold, then lists KV again and refuses to go on unless every one is
 * there. A bulk write the daily limit refuses whole is split until what the day allows is stored; a bulk write that
 * times out is not sent again until a listing shows what of it arrived.
 */
async function uploadValues(
  target: KvTarget,
  plan: PublishPlan,
  storeDir: string,
  { maxWrites = Number.POSITIVE_INFINITY, settleMs = 60_000, say = console.log }: UploadOptions = {},
): Promise<Upload> {
  const upload: Upload = {
    values: plan.values.length,
    bytes: plan.values.reduce((n, [, s]) => n + s, 0),
    uploaded: 0,
    uploadedBytes: 0,
  };
  const sizes = new Map(plan.missing);
  const todo = plan.missing.slice(0, Math.max(0, maxWrites));
  const store = await ValueStore.open(storeDir);
  const queue = groupForUpload(todo);
  let part = 0;
  while (queue.length > 0) {
    const group = queue.shift() as string[];
    part++;
    try {
      await target.putMany(bulkEntries(store, group), `uploading values, part ${part} (${group.length} values)`);
    } catch (e) {
      if (isDailyLimit(e) && group.length > 1) {
        // Refused whole: the day may still allow part of it.
        const half = Math.ceil(group.length / 2);
        queue.unshift(group.slice(0, half), group.slice(half));
        continue;
      }
      if (isDailyLimit(e)) throw stopped("daily-limit", e, upload, plan);
      if (!(e instanceof WranglerError && e.timedOut)) throw e;
      const late = await settle(target, group, settleMs, say);
      if (late.length > 0) {
        say(`  ${late.length} of those ${group.length} values did not arrive; sending them again.`);
        queue.unshift(late);
        part--;
        continue;
      }
    }
    upload.uploaded += group.length;
    upload.uploadedBytes += group.reduce((n, h) => n + (sizes.get(h) ?? 0), 0);
  }
  if (todo.length < plan.missing.length) throw stopped("max-writes", undefined, upload, plan);
  if (upload.uploaded > 0) {
    const now = await storedValues(target);
    const absent = plan.values.filter(([h]) => !now.has(h));
    if (absent.length > 0)
      throw new Error(
        `${absent.length} of the version's values are still not in KV after the upload (first: ${valueKey(absent[0]?.[0] ?? "")}); nothing was switched to it`,
      );
  }
  return upload;
}

/** Waits for a timed-out bulk write to land, listing KV every few seconds; resolves to what never arrived. */
async function settle(target: KvTarget, group: string[], settleMs: number, say: (line: string) => void) {
  say(`  A bulk write of ${group.length} values timed out; it may still land, so KV is checked before sending again.`);
  const deadline = Date.now() + settleMs;
  for (;;) {
    const stored = await storedValues(target);
    const late = group.filter((h) => !stored.has(h));
    if (late.length === 0 || Date.now() >= deadline) return late;
    await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, deadline - Date.now()))));
  }
}

function stopped(reason: "daily-limit" | "max-writes", e: unknown, upload: Upload, plan: PublishPlan): PublishStopped {
  const left = plan.missing.length - upload.uploaded;
  const why =
    reason === "daily-limit"
      ? `${e instanceof Error ? e.message : e}`
      : `--max-writes allowed ${upload.uploaded.toLocaleString("en")} values in this run`;
  return new PublishStopped(
    reason,
    `${why}. Stored ${upload.uploaded.toLocaleString("en")} values now; ${left.toLocaleString("en")} of the ${plan.values.length.toLocaleString("en")} the version needs are still to upload, then its record (${plan.switchEntries.length} writes). Run the same command again${reason === "daily-limit" ? " after the reset" : ""} to go on: what is stored is not sent again`,
    upload,
  );
}

/** What changed between two versions, by their route tables. */
export interface Changes {
  articles: { added: string[]; updated: string[]; removed: string[] };
  /** Feed, archive and digest feed paths whose bytes changed or which are new. */
  feeds: string[];
  /** Digest week pages whose bytes changed or which are new. */
  weeks: string[];
  /** Authors whose page changed or is new: their feeds are rendered on request, so this is how a publish knows. */
  authors: string[];
}

const storedHash = (e: RouteEntry) => (isSwitched(e) ? e[2][0] : e[0]);

function routesOf(shards: Iterable<Shard>): Map<string, string> {
  const out = new Map<string, string>();
  for (const shard of shards)
    for (const [path, entry] of Object.entries(shard.routes)) out.set(path, storedHash(entry));
  return out;
}

function changesBetween(before: Map<string, string>, after: Map<string, string>): Changes {
  const changes: Changes = { articles: { added: [], updated: [], removed: [] }, feeds: [], weeks: [], authors: [] };
  for (const [path, hash] of after) {
    const was = before.get(path);
    if (was === hash) continue;
    const route = parsePath(path);
    if (!route) continue;
    if (route.kind === "article") (was ? changes.articles.updated : changes.articles.added).push(route.slug);
    else if (documentKindOf(route) === "feed") changes.feeds.push(path);
    else if (route.kind === "digest-week" && route.form === "page") changes.weeks.push(route.week);
    else if (route.kind === "author") changes.authors.push(route.slug);
  }
  for (const path of before.keys()) {
    const route = parsePath(path);
    if (route?.kind === "article" && !after.has(path)) changes.articles.removed.push(route.slug);
  }
  return changes;
}

export interface PublishReport {
  version: string;
  /** The content version that was live before, if any. */
  previous?: string;
  upload: Upload;
  changes: Changes;
  /** The subscription documents (feeds, digest feeds, authors' feeds) that changed, by absolute URL: what to tell a hub. */
  changedFeeds: string[];
  /** The site's WebSub hub, if it has one. */
  hub?: string;
}

export interface PublishOptions extends UploadOptions {
  target: KvTarget;
  /** A built version, without drafts. */
  result: BuildResult;
  /** What `planPublish` read; read again when absent. */
  plan?: PublishPlan;
}

/** Publishes a built version (see the module header). The caller holds the lock. */
export async function publish(options: PublishOptions): Promise<PublishReport> {
  const { target, result } = options;
  const plan = options.plan ?? (await planPublish(target, result));
  const previousHead = plan.live.heads.length === 1 ? plan.live.heads[0] : plan.live.current;
  const [upload, before] = await Promise.all([
    uploadValues(target, plan, result.storeDir, options),
    previousHead
      ? valuesOfHead(target, previousHead).then((v) => routesOf(v.shards.values()))
      : new Map<string, string>(),
  ]);
  const after = new Map(Object.entries(result.routes).map(([path, entry]) => [path, storedHash(entry)]));
  const changes = changesBetween(before, after);
  if (plan.switchEntries.length > 0) {
    try {
      await target.putMany(plan.switchEntries, "writing the version's record");
    } catch (e) {
      if (isDailyLimit(e))
        throw new PublishStopped(
          "daily-limit",
          `${e instanceof Error ? e.message : e}. Every value of version ${plan.version} is stored; recording it needs ${plan.switchEntries.length} more writes. Run the same command again after the reset`,
          upload,
        );
      throw e;
    }
  }
  // Only the documents readers subscribe to: archive documents are fetched by walking links, not pushed. An author's
  // feeds are rendered on request, not stored: they changed when one of the author's articles was added or edited
  // (the feeds carry the full text), or when the author's page did (an article removed).
  const touched = new Set([...changes.articles.added, ...changes.articles.updated]);
  const authors = new Set(changes.authors);
  for (const a of result.articles) if (touched.has(a.slug)) for (const { slug } of authorSlugs(a)) authors.add(slug);
  const authorFeeds = [...authors]
    .sort()
    .flatMap((slug) => FEED_FORMATS.map((format) => pathOf({ kind: "feed", scope: authorScope(slug), format })));
  const changedFeeds = [
    ...changes.feeds.filter((p) => {
      const route = parsePath(p);
      return route?.kind === "feed" || route?.kind === "digest-feed";
    }),
    ...authorFeeds,
  ].map((p) => absolute(result.site.origin, p));
  const previous = previousHead ? decodeHead(previousHead)?.version : undefined;
  const hub = result.site.hub;
  return {
    version: plan.version,
    ...(previous ? { previous } : {}),
    upload,
    changes,
    changedFeeds,
    ...(hub ? { hub } : {}),
  };
}

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
    `  KV: ${r.upload.uploaded.toLocaleString("en")} values uploaded (${mib(r.upload.uploadedBytes)}) of the ${r.upload.values.toLocaleString("en")} the version needs (${mib(r.upload.bytes)})`,
  ];
  return lines.join("\n");
}

/** What the hub was told, in one line: the first few feeds it was not told of, and why. */
export function formatPings(pings: PingResult[]): string {
  const failed = pings.filter((p) => !p.ok);
  const told = `  WebSub: ${pings.length - failed.length} of ${pings.length} changed feeds announced to the hub`;
  if (failed.length === 0) return told;
  const named = failed.slice(0, 3).map((p) => `${p.url} (${p.detail})`);
  return (
    `${told}; not announced: ${named.join(", ")}${failed.length > 3 ? ` and ${failed.length - 3} more` : ""}.` +
    " Their subscribers get the change at their next poll; the publish itself is complete."
  );
}

/** Whether every ping was accepted. */
export const allAnnounced = (pings: readonly PingResult[]) => pings.every((p) => p.ok);

/** Tells the site's hub (if any) which subscription documents a publish changed; call once readers get them. */
export async function announce(report: PublishReport): Promise<PingResult[]> {
  return report.hub && report.changedFeeds.length > 0 ? pingHub(report.hub, report.changedFeeds) : [];
}
