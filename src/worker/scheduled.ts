// The Cron Trigger: renders every finished week's digest that KV does not hold yet, so requests only read it.
import { finishedWeeks, planDigest } from "../render/digest/week-plan.js";
import { digestKey } from "../shared/keys.js";
import { renderStoredDigest, storedDigestKey, writeStoredDigest } from "./digest-store.js";
import { readIndex } from "./kv.js";

/**
 * Renders the missing digests of weeks finished by `now`; returns the weeks it wrote. Running it again writes nothing,
 * and after a publish it writes only the weeks the publish changed: digests are named by the hash of their inputs.
 */
export async function renderFinishedDigests(env: Env, now: number): Promise<string[]> {
  const index = await readIndex(env);
  const plan = planDigest(index, now);
  // One list call per thousand stored digests instead of a read per week.
  const prefix = digestKey("");
  const stored = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ prefix, ...(cursor ? { cursor } : {}) });
    for (const k of page.keys) stored.add(k.name);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const written: string[] = [];
  for (const week of finishedWeeks(plan)) {
    const key = await storedDigestKey(index, plan, week);
    if (stored.has(key)) continue;
    await writeStoredDigest(env, key, await renderStoredDigest(plan, week, index.publishedAt));
    written.push(week.name);
  }
  if (written.length > 0) console.log(`digest cron: rendered ${written.join(", ")}`);
  return written;
}
