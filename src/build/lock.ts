// The publish lock: a key held while a publish, rollback or prune runs, so that a prune never deletes values a
// publish is uploading. KV is eventually consistent (a write can take up to 60 s to be seen elsewhere), so this
// guards against the common case, two commands started on one or two machines minutes apart, not a race to the
// millisecond.
import { hostname } from "node:os";
import { LOCK_KEY } from "../shared/keys.js";
import type { KvTarget } from "./kv-target.js";

/** A lock older than this is taken to be left by a crash. KV's minimum TTL is 60 s; an hour bounds a stale lock. */
const LOCK_TTL_SECONDS = 3600;

interface Holder {
  what: string;
  host: string;
  pid: number;
  since: string;
}

export class LockHeld extends Error {}

/** Runs `body` holding the lock; refuses, naming the holder, when another command holds it. */
export async function withLock<T>(target: KvTarget, what: string, body: () => Promise<T>): Promise<T> {
  const held = await target.getText(LOCK_KEY);
  if (held) {
    let holder: Partial<Holder> = {};
    try {
      holder = JSON.parse(held) as Holder;
    } catch {}
    throw new LockHeld(
      `another ${holder.what ?? "publish"} holds the lock (${holder.host ?? "?"}, pid ${holder.pid ?? "?"}, since ${holder.since ?? "?"}). ` +
        `Wait for it to finish; if it crashed, the lock expires within an hour, or delete it: npx wrangler kv key delete ${LOCK_KEY} --binding KV ${target.where === "local" ? "--local" : "--remote"}`,
    );
  }
  const me: Holder = { what, host: hostname(), pid: process.pid, since: new Date().toISOString() };
  await target.put(LOCK_KEY, JSON.stringify(me), undefined, LOCK_TTL_SECONDS);
  try {
    return await body();
  } finally {
    await target.delete(LOCK_KEY).catch((e: unknown) => console.warn(`Could not release the lock: ${String(e)}`));
  }
}
