// The Hono app's own cost per request, in Node with an in-memory KV: no network, no workerd, just routing and serving.
import type { KvEntry } from "../src/build/bundle.js";
import { app } from "../src/worker/app.js";
import { forgetMemo } from "../src/worker/kv.js";
import { memoryKv } from "./bundle.js";
import { type LoopOptions, type Timing, timeAsync } from "./stats.js";

export interface RouteCase {
  name: string;
  path: string;
  /** Send If-None-Match with the ETag a plain GET of `path` returns. */
  conditional?: boolean;
  /** Status every timed request must get. */
  status: number;
}

export interface NodeServeRow {
  route: RouteCase;
  timing: Timing;
  bytes: number;
}

/** The site origin requests are addressed to; the app never leaves the process, so it is only a name here. */
const ORIGIN = "https://dispatch.example.com";

/** A client for the app with its own in-memory KV and a cold memo: `get` is one request, body read as bytes. */
export function appClient(entries: readonly KvEntry[], version: string) {
  forgetMemo();
  const env: Env = { KV: memoryKv(entries), CONTENT_VERSION: version };
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext;
  return {
    async get(path: string, headers: Record<string, string> = {}) {
      const res = await app.fetch(new Request(`${ORIGIN}${path}`, { headers }), env, ctx);
      return { status: res.status, etag: res.headers.get("ETag") ?? "", body: await res.arrayBuffer() };
    },
    /** Waits for what the app handed to waitUntil (KV writes of rendered digests). */
    settle: () => Promise.all(pending),
  };
}

export async function nodeServeBench(
  entries: readonly KvEntry[],
  version: string,
  routes: readonly RouteCase[],
  loop: LoopOptions,
): Promise<NodeServeRow[]> {
  const { get, settle } = appClient(entries, version);
  const rows: NodeServeRow[] = [];
  for (const route of routes) {
    const plain = await get(route.path);
    const headers: Record<string, string> = route.conditional ? { "If-None-Match": plain.etag } : {};
    const first = await get(route.path, headers);
    if (first.status !== route.status)
      throw new Error(`${route.path}: status ${first.status}, expected ${route.status}`);
    const timing = await timeAsync(async () => {
      const r = await get(route.path, headers);
      if (r.status !== route.status) throw new Error(`${route.path}: status ${r.status}`);
      return r.body;
    }, loop);
    rows.push({ route, timing, bytes: first.body.byteLength });
  }
  await settle();
  return rows;
}
