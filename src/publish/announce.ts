// After `wrangler deploy`, tells the site's WebSub hub which feeds changed, once the Worker that serves them is live:
// the build step cannot (wrangler uploads the Worker after it exits), so it leaves this process behind. It waits for
// wrangler to exit, reads back what is live, and pings only when readers get the new version. It says what it did on
// wrangler's own output when that is a terminal or a pipe, and always in .wrangler/dispatch/announce.log, which
// `npm run deploy` waits for and prints (its own pipe to wrangler is a socket, which cannot be opened again).
import { spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandContext } from "./command.js";
import { KvTarget } from "./kv-target.js";
import { readLive } from "./live.js";
import { formatPings } from "./publish.js";
import { pingHub } from "./websub.js";

interface Job {
  hub: string;
  feeds: string[];
  version: string;
}

/** Leaves the announcer behind, writing to wrangler's standard output; says so, or why the hub will not be told. */
export function startAnnouncer(ctx: CommandContext, wranglerPid: number | undefined, job: Job): void {
  if (!wranglerPid) {
    ctx.warn(
      `wrangler's process was not found, so the WebSub hub will not be told of ${job.feeds.length} changed feeds.`,
    );
    return;
  }
  let out: number | "ignore" = "ignore";
  try {
    out = openSync(`/proc/${wranglerPid}/fd/1`, "a");
  } catch {}
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), JSON.stringify({ ...job, pid: wranglerPid, root: ctx.root })],
    { detached: true, stdio: ["ignore", out, out], env: process.env },
  );
  child.unref();
  mkdirSync(join(ctx.root, DIR), { recursive: true });
  writeFileSync(join(ctx.root, PID_FILE), String(child.pid));
  ctx.say(`The WebSub hub is told of ${job.feeds.length} changed feeds once the Worker serving them is live.`);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const DIR = ".wrangler/dispatch";
const PID_FILE = `${DIR}/announcer.pid`;
const LOG_FILE = `${DIR}/announce.log`;

const logSize = (root: string) => (existsSync(join(root, LOG_FILE)) ? statSync(join(root, LOG_FILE)).size : 0);

/**
 * Before `npm run deploy` starts wrangler: forgets the announcer an earlier deploy left, and returns how far the log
 * reaches, where what this deploy's announcer adds will start.
 */
export function beforeAnnouncer(root: string): number {
  rmSync(join(root, PID_FILE), { force: true });
  return logSize(root);
}

/** Waits (at most `ms`) for an announcer left by the deploy that just ended, then returns what it logged since `from`. */
export async function awaitAnnouncer(root: string, from: number, ms = 120_000): Promise<string[]> {
  const pid = existsSync(join(root, PID_FILE)) ? Number(readFileSync(join(root, PID_FILE), "utf8")) : 0;
  const until = Date.now() + ms;
  while (pid > 0 && alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  if (logSize(root) <= from) return [];
  return readFileSync(join(root, LOG_FILE)).subarray(from).toString("utf8").split("\n").filter(Boolean);
}

async function announce(job: Job & { pid: number; root: string }): Promise<void> {
  const tell = (line: string) => {
    console.log(line);
    appendFileSync(join(job.root, LOG_FILE), `${line}\n`);
  };
  const until = Date.now() + 3_600_000;
  while (alive(job.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  const target = new KvTarget({ root: job.root, where: "remote", log: () => {} });
  const live = await readLive(target);
  if (!live.heads.some((h) => h.split(":")[1] === job.version)) {
    tell(`Dispatch: content version ${job.version} is not live, so the WebSub hub was not told.`);
    return;
  }
  tell(`Dispatch: ${formatPings(await pingHub(job.hub, job.feeds)).trimStart()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2])
  await announce(JSON.parse(process.argv[2]) as Job & { pid: number; root: string }).catch((e: unknown) => {
    const job = JSON.parse(process.argv[2] as string) as { root: string };
    const line = `Dispatch: telling the WebSub hub failed: ${e instanceof Error ? e.message : e}`;
    console.log(line);
    appendFileSync(join(job.root, LOG_FILE), `${line}\n`);
  });
