// One reading of each wrangler output Dispatch relies on, the same for `--local` and `--remote`: wrangler prints the
// API's own shapes remotely and shapes it builds itself locally, and its errors as a block that ends in boilerplate.
// Anything these functions do not recognise is an error, never an empty answer: an empty answer reads as "KV holds
// nothing", which is how a prune once deleted a live site.

/** What a failed wrangler command said: the API's error line, its code and the wait it asked for, if any. */
export interface WranglerFailure {
  /** The error and its notes, without wrangler's banner, bug-report line or log path. */
  message: string;
  /** The Cloudflare API error code (`[code: 10048]`), when the API gave one. */
  code?: number;
  /** The wait the API's `Retry-After` asked for, as wrangler reports it. */
  retryAfterMs?: number;
  /** wrangler has no credentials to send: no CLOUDFLARE_API_TOKEN and no `wrangler login`. */
  noCredentials?: boolean;
}

/**
 * What wrangler says, before it sends any request, when it has no credentials and cannot ask for a login (its
 * standard streams are not a terminal, as here): "In a non-interactive environment, it's necessary to set a
 * CLOUDFLARE_API_TOKEN environment variable …".
 */
const NO_CREDENTIALS = /necessary to set a CLOUDFLARE_API_TOKEN|You are not (logged in|authenticated)/;

// Terminal colours (ESC [ … m), which wrangler prints when it thinks it writes to a terminal.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Reads wrangler's error block (`✘ [ERROR] …` and its indented notes) out of a failed command's output. */
export function readFailure(output: string): WranglerFailure {
  const lines = output.replace(ANSI, "").split("\n");
  const start = lines.findIndex((l) => /^\s*✘ \[ERROR\]/.test(l));
  const kept: string[] = [];
  if (start >= 0) {
    kept.push((lines[start] ?? "").replace(/^\s*✘ \[ERROR\]\s*/, ""));
    for (const line of lines.slice(start + 1)) {
      if (/If you think this is a bug|^🪵|Logs were written to/.test(line)) break;
      if (line.trim()) kept.push(line.trim());
    }
  } else {
    kept.push(
      ...lines
        .map((l) => l.trim())
        .filter((l) => l && !/wrangler \d+\.\d+/.test(l) && !/^[─-]+$/.test(l))
        .slice(-3),
    );
  }
  const message = kept.join("\n") || "wrangler exited with an error and said nothing";
  const code = /\[code: (\d+)\]/.exec(message)?.[1];
  const wait = /indicating you should wait (\d+) second/.exec(message)?.[1];
  return {
    message,
    ...(code ? { code: Number(code) } : {}),
    ...(wait ? { retryAfterMs: Number(wait) * 1000 } : {}),
    ...(NO_CREDENTIALS.test(message) ? { noCredentials: true } : {}),
  };
}

/** The JSON wrangler printed, after any banner or warning lines before it. */
function jsonIn(output: string, open: "[" | "{"): unknown {
  const text = output.replace(ANSI, "");
  const at = text.search(open === "[" ? /^\[/m : /^\{/m);
  if (at < 0) throw new Error(`wrangler printed no JSON ${open === "[" ? "array" : "object"}: ${text.slice(0, 200)}`);
  return JSON.parse(text.slice(at));
}

export interface ListedKey {
  name: string;
  metadata?: unknown;
  expiration?: number;
}

/** `wrangler kv key list`: the API's `[{name, metadata?, expiration?}]`, remote and local alike. */
export function readKeyList(output: string): ListedKey[] {
  const list = jsonIn(output, "[");
  if (!Array.isArray(list) || list.some((k) => typeof k?.name !== "string"))
    throw new Error(`wrangler kv key list printed something that is not a key list: ${output.slice(0, 200)}`);
  return list as ListedKey[];
}

/**
 * `wrangler kv bulk get`: each key to its text, or null where KV holds none. Remote, wrangler prints the API's
 * `{"key": "value" | null}` (or `{value, metadata}` objects with `withMetadata`); local, it builds
 * `{"key": {"value": "…" | null}}`. Every requested key must be answered.
 */
export function readBulkGet(output: string, keys: readonly string[]): Map<string, string | null> {
  const got = jsonIn(output, "{") as Record<string, unknown>;
  const out = new Map<string, string | null>();
  for (const key of keys) {
    if (!(key in got)) throw new Error(`wrangler kv bulk get did not answer for ${key}`);
    const v = got[key];
    if (v === null || typeof v === "string") out.set(key, v);
    else if (typeof v === "object" && v !== null && "value" in v && (v.value === null || typeof v.value === "string"))
      out.set(key, v.value as string | null);
    else throw new Error(`wrangler kv bulk get answered ${key} with ${JSON.stringify(v).slice(0, 80)}`);
  }
  return out;
}

/** `wrangler deploy`: the Worker version it made live ("Current Version ID: …"). */
export function readDeployedVersion(output: string): string | undefined {
  return /Current Version ID:\s*([0-9a-f-]{36})/i.exec(output.replace(ANSI, ""))?.[1];
}

export interface DeployedVersion {
  id: string;
  percentage: number;
}

/** `wrangler deployments status --json`: the versions the live deployment serves, with their share of traffic. */
export function readDeploymentStatus(output: string): DeployedVersion[] {
  const d = jsonIn(output, "{") as { versions?: { version_id?: unknown; percentage?: unknown }[] };
  if (!Array.isArray(d.versions) || d.versions.some((v) => typeof v.version_id !== "string"))
    throw new Error(`wrangler deployments status printed no versions: ${output.slice(0, 200)}`);
  return d.versions.map((v) => ({ id: v.version_id as string, percentage: Number(v.percentage ?? 100) }));
}

export interface WorkerVersion {
  id: string;
  /** Its place in the Worker's history (1, 2, …): what a Dispatch upload record names. */
  number?: number;
  /** Plain-text vars, CONTENT_VERSION among them. */
  vars: Record<string, string>;
  /** `wrangler deploy --tag`, which Dispatch sets to the hash of the Worker's code. */
  tag?: string;
  /**
   * True when the answer carried the version's bindings, so `vars` is all of them: a `versions view` always does; a
   * `versions list` may not (Cloudflare's API documents its items as id, number and metadata only).
   */
  hasBindings?: boolean;
}

function workerVersion(v: unknown): WorkerVersion {
  const o = v as {
    id?: unknown;
    number?: unknown;
    annotations?: Record<string, unknown>;
    resources?: { bindings?: { name?: unknown; type?: unknown; text?: unknown }[] };
  };
  if (typeof o?.id !== "string") throw new Error(`not a Worker version: ${JSON.stringify(v).slice(0, 120)}`);
  const vars: Record<string, string> = {};
  for (const b of o.resources?.bindings ?? [])
    if (b.type === "plain_text" && typeof b.name === "string" && typeof b.text === "string") vars[b.name] = b.text;
  const tag = o.annotations?.["workers/tag"];
  return {
    id: o.id,
    vars,
    hasBindings: Array.isArray(o.resources?.bindings),
    ...(typeof o.number === "number" ? { number: o.number } : {}),
    ...(typeof tag === "string" ? { tag } : {}),
  };
}

/** `wrangler versions view ID --json`: one Worker version, its vars and tag. */
export function readVersionView(output: string): WorkerVersion {
  return workerVersion(jsonIn(output, "{"));
}

/** `wrangler versions list --json`: the versions Cloudflare keeps, newest first, with their vars where it gives them. */
export function readVersionList(output: string): WorkerVersion[] {
  const list = jsonIn(output, "[");
  if (!Array.isArray(list)) throw new Error(`wrangler versions list printed no list: ${output.slice(0, 200)}`);
  return list.map(workerVersion);
}
