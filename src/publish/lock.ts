// The publish lock: a key held while a publish, rollback or prune runs, so that a prune never deletes values a
// publish is uploading. KV is eventually consistent (a write can take up to 60 s to be seen elsewhere), so this
// guards against the common case, two commands started on one or two machines minutes apart, not a race to the
// millisecond.
import { randomUUID } from "node:crypto";
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
  /** Unique to one taking of the lock, so reading it back tells whether this command holds it. */
  token?: string;
}

export class LockHeld extends Error {}

/**
 * Runs `body` holding the lock; refuses, naming the holder, when another command holds it, and when KV cannot be
 * read (a lock that cannot be seen is not assumed free). Taking it is checked by reading it back.
 */
export async function withLock<T>(target: KvTarget, what: string, body: () => Promise<T>): Promise<T> {
  const held = await target.getText(LOCK_KEY);
  if (held) throw lockHeld(target, held);
  const me: Holder = { what, host: hostname(), pid: process.pid, since: new Date().toISOString(), token: randomUUID() };
  await target.put(LOCK_KEY, JSON.stringify(me), undefined, LOCK_TTL_SECONDS);
  const after = await target.getText(LOCK_KEY);
  if (after !== JSON.stringify(me)) {
    if (after) throw lockHeld(target, after);
    throw new LockHeld("the lock was written but reading it back found nothing; nothing was done");
  }
  try {
    return await body();
  } finally {
    await target.delete(LOCK_KEY).catch((e: unknown) => console.warn(`Could not release the lock: ${String(e)}`));
  }
}

function lockHeld(target: KvTarget, held: string): LockHeld {
  let holder: Partial<Holder> = {};
  try {
    holder = JSON.parse(held) as Holder;
  } catch {}
  return new LockHeld(
    `another ${holder.what ?? "publish"} holds the lock (${holder.host ?? "?"}, pid ${holder.pid ?? "?"}, since ${holder.since ?? "?"}). ` +
      `Wait for it to finish; if it crashed, the lock expires within an hour, or delete it: npx wrangler kv key delete ${LOCK_KEY} --binding KV ${target.where === "local" ? "--local" : "--remote"}`,
  );
}
