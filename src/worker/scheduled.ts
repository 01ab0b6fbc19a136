// The Cron Trigger: renders every finished week's digest that KV does not hold yet, so requests only read it.
import { finishedWeeks, planDigest } from "../render/digest/week-plan.js";
import { digestKey } from "../shared/keys.js";
import { renderStoredDigest, writeStoredDigest } from "./digest-store.js";
import { readIndex } from "./kv.js";

/** Renders the missing digests of weeks finished by `now`; returns the weeks it wrote. Running it again writes nothing. */
export async function renderFinishedDigests(env: Env, now: number): Promise<string[]> {
  const index = await readIndex(env);
  const plan = planDigest(index, now);
  // One list call instead of a read per week: what is already there is skipped, which makes the cron idempotent.
  const prefix = digestKey(index.version, "");
  const stored = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ prefix, ...(cursor ? { cursor } : {}) });
    for (const k of page.keys) stored.add(k.name.slice(prefix.length));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const written: string[] = [];
  for (const week of finishedWeeks(plan)) {
    if (stored.has(week.name)) continue;
    await writeStoredDigest(env, index.version, week.name, await renderStoredDigest(plan, week, index.publishedAt));
    written.push(week.name);
  }
  if (written.length > 0) console.log(`digest cron: rendered ${written.join(", ")}`);
  return written;
}
