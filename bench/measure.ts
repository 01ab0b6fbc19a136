// Runs a command and measures it from outside: wall time, CPU and the peak resident set of its whole process tree.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Measured {
  wallMs: number;
  /** User + system CPU of the command and every child it waited for, from GNU time (getrusage). */
  cpuMs: number;
  /**
   * The largest sum of resident sets over the process and its descendants, sampled every 50 ms. A build's worker
   * processes count: Hugo is one process, Dispatch's build is several, and the machine pays for all of them at once.
   */
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

const PAGE = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  rssBytes: number;
}

const TIME = "/usr/bin/time";

/** Fields of /proc/<pid>/stat, which `man 5 proc` numbers from 1: ppid 4, rss 24. */
function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: split after its closing one.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const n = (i: number) => Number(fields[i - 3]);
    return {
      pid,
      ppid: n(4),
      rssBytes: n(24) * PAGE,
    };
  } catch {
    return undefined; // gone between listing and reading
  }
}

function tree(root: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(Number(name));
    if (s) all.push(s);
  }
  const members = new Set([root]);
  // Parents precede children in pid order only usually: repeat until nothing is added.
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all)
      if (!members.has(s.pid) && members.has(s.ppid)) {
        members.add(s.pid);
        grew = true;
      }
  }
  return all.filter((s) => members.has(s.pid));
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; rssLimitBytes?: number },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timeFile = join(tmpdir(), `dispatch-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const child = spawn(TIME, ["-f", "%U %S", "-o", timeFile, command, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let peakRssBytes = 0;
    let overLimit = false;
    // Listing every process is the expensive part: the tree is found again twice a second (a build starts its worker
    // processes early), and its members' resident sets are read every 50 ms.
    let members: number[] = [];
    let sinceScan = Number.POSITIVE_INFINITY;
    const sample = () => {
      if (child.pid === undefined) return;
      if (sinceScan >= 10) {
        members = tree(child.pid).map((p) => p.pid);
        sinceScan = 0;
      }
      sinceScan++;
      let rss = 0;
      for (const pid of members) rss += procStat(pid)?.rssBytes ?? 0;
      peakRssBytes = Math.max(peakRssBytes, rss);
      if (options.rssLimitBytes !== undefined && rss > options.rssLimitBytes) {
        overLimit = true;
        child.kill("SIGKILL");
      }
    };
    const poll = setInterval(sample, 50);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      let cpuMs = Number.NaN;
      try {
        const [user, system] = readFileSync(timeFile, "utf8").trim().split("\n").pop()?.split(" ").map(Number) ?? [];
        cpuMs = ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000;
        rmSync(timeFile);
      } catch {}
      const wallMs = performance.now() - started;
      if (overLimit) reject(new Error(`killed past ${(options.rssLimitBytes ?? 0) / 1024 ** 3} GiB resident`));
      else if (code === 0) resolve({ wallMs, cpuMs, peakRssBytes, stdout, stderr });
      else
        reject(
          new Error(
            `${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-4000)}${stdout.slice(-2000)}`,
          ),
        );
    });
  });
}

/**
 * CPU time a running process has used, in ns, summed over its threads from /proc/<pid>/task/<tid>/schedstat (the
 * scheduler's own count, ns-exact; /proc/<pid>/stat counts in 10 ms ticks, too coarse for one request).
 */
export function processCpuNs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {}
  }
  return ns;
}

/** Resident set of a running process, in bytes. */
export function processRssBytes(pid: number): number {
  return procStat(pid)?.rssBytes ?? 0;
}
