// The `wrangler` run a build step belongs to: its arguments, read from the process tree (wrangler passes them on to no
// build command), the content head a `--var CONTENT_VERSION:` pins, and the record of an upload so pinned.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { CommandContext } from "./command.js";
import type { KvTarget } from "./kv-target.js";
import { readAllRecords } from "./live.js";
import { recordEntry, storedValues, valuesOfHead } from "./versions.js";
import { listWorkerVersions, nextWorkerNumber } from "./worker-deploy.js";

/** A process's arguments and its parent's pid: from /proc (Linux), else from `ps` (macOS, BSD). */
function processInfo(pid: number): { args: string[]; parent: number } | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    // The fields after the command name in parentheses, which may itself hold spaces: state, then the parent's pid.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return { args, parent: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) };
  } catch {}
  try {
    const line = execFileSync("ps", ["-o", "ppid=", "-o", "args=", "-p", String(pid)], { encoding: "utf8" }).trim();
    const [, parent = "0", args = ""] = /^(\d+)\s+(.*)$/.exec(line) ?? [];
    return { args: args.split(/\s+/), parent: Number(parent) };
  } catch {
    return undefined;
  }
}

/**
 * The wrangler process that ran this build step, and its arguments, read from the process tree (wrangler tells its
 * build step only the command's name): whether it is a dry run, and whether it pins CONTENT_VERSION.
 */
export function wranglerProcess(): { pid: number; args: string[] } | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 12 && pid > 1; depth++) {
    const info = processInfo(pid);
    if (!info) return undefined;
    const at = info.args.findIndex((a) => /wrangler(\.js|-dist[\\/]cli\.js)?$/.test(a));
    if (at >= 0) return { pid, args: info.args.slice(at + 1) };
    pid = info.parent;
  }
  return undefined;
}

/** A `--var CONTENT_VERSION:…` (or `--var=…`) among wrangler's arguments: a deploy pinned to that head. */
export function pinnedHead(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    const value = a === "--var" ? args[i + 1] : a.startsWith("--var=") ? a.slice(6) : undefined;
    if (value?.startsWith("CONTENT_VERSION:")) return value.slice("CONTENT_VERSION:".length);
  }
  return undefined;
}

/**
 * A deploy pinned to a head (`npm run rollback`, or by hand): refuses unless KV holds every value that version needs
 * and it is recorded, then records this upload with it. Publishes nothing. The caller may hold the lock.
 */
export async function recordPinnedUpload(ctx: CommandContext, target: KvTarget, head: string): Promise<boolean> {
  // Read at once; an unrecorded head is reported as such even when its shards cannot be read either.
  const [records, needed, stored, kept] = await Promise.all([
    readAllRecords(target),
    valuesOfHead(target, head).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    storedValues(target),
    listWorkerVersions(target),
  ]);
  const record = records.find((r) => r.head === head);
  if (!record) {
    ctx.warn(`CONTENT_VERSION names a head no publish recorded (${head.slice(0, 40)}…): nothing was deployed.`);
    return false;
  }
  if (needed instanceof Error) throw needed;
  const missing = [...needed.values].filter((h) => !stored.has(h));
  if (missing.length > 0) {
    ctx.warn(`Content version ${record.version} lacks ${missing.length} values in KV (pruned?): nothing was deployed.`);
    return false;
  }
  const upload = { number: nextWorkerNumber(kept), at: new Date().toISOString() };
  const { key, value, metadata } = recordEntry({ ...record, uploads: [...(record.uploads ?? []), upload] });
  await target.put(key, value, metadata);
  ctx.say(
    `Content version ${record.version} is stored whole; the Worker upload pins it (Worker version ${upload.number}).`,
  );
  return true;
}
