// What readers are served now, read back from KV and the Workers API, never assumed: `current`, and, remotely, the
// deployed Worker's CONTENT_VERSION (the Worker serves `current` only where that is empty). Every command that moves
// or deletes anything starts here, and every failure message ends with it.
import { decodeHead } from "../shared/content.js";
import { CURRENT_KEY } from "../shared/keys.js";
import type { KvTarget } from "./kv-target.js";
import { readDeployedWorker, type ServedVersion } from "./worker-deploy.js";

export interface Live {
  /** The head `current` names, if any. */
  current?: string;
  /** Remote: the live deployment's versions, or null before the first deploy. Local: absent (no Worker to ask). */
  worker?: ServedVersion[] | null;
  /** The heads readers are served: each deployed version's CONTENT_VERSION, or `current` where it is empty. */
  heads: string[];
}

export async function readLive(target: KvTarget): Promise<Live> {
  const [text, worker] = await Promise.all([
    target.getText(CURRENT_KEY),
    target.where === "remote" ? readDeployedWorker(target) : undefined,
  ]);
  const current = text?.trim() || undefined;
  if (worker === undefined) return { ...(current ? { current } : {}), heads: current ? [current] : [] };
  const heads = new Set<string>();
  if (worker) for (const v of worker) if (v.head ?? current) heads.add((v.head ?? current) as string);
  return { ...(current ? { current } : {}), worker, heads: [...heads] };
}

const versionOf = (head: string | undefined) =>
  head ? (decodeHead(head)?.version ?? "an unreadable head") : undefined;

/** The one content version readers are served, or undefined when none is or when a gradual deployment serves two. */
export function liveVersion(live: Live): string | undefined {
  return live.heads.length === 1 ? versionOf(live.heads[0]) : undefined;
}

/** One line: what `current` names and what the Worker serves, as read. */
export function describeLive(live: Live): string {
  const current = live.current
    ? `\`current\` names content version ${versionOf(live.current)}`
    : "`current` is not set";
  if (live.worker === undefined) return `${current}.`;
  if (live.worker === null) return `${current}; no Worker is deployed.`;
  const served = live.worker.map(
    (v) =>
      `Worker version ${v.id}${live.worker && live.worker.length > 1 ? ` (${v.percentage}%)` : ""} serves ${v.head ? `content version ${versionOf(v.head)}` : "what `current` names"}`,
  );
  return `${current}; ${served.join("; ")}.`;
}
