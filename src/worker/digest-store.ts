// Finished weeks' digests in KV: rendered once (by the cron, or by the first request that needs one) and then only read.
import { renderDigestEmail } from "../render/digest/email.js";
import { renderDigestPage } from "../render/digest/page.js";
import { renderDigestText } from "../render/digest/text.js";
import type { DigestPlan, DigestWeek } from "../render/digest/week-plan.js";
import { weekUpdated } from "../render/digest/week-plan.js";
import { digestKey } from "../shared/keys.js";
import { HTML_TYPE } from "../shared/paths.js";
import { etagOf, type Representation } from "./http.js";

/** The three forms of one week's digest, as stored under digestKey(version, week). */
export interface StoredDigest {
  page: Representation;
  email: Representation;
  text: Representation;
}

export const TEXT_TYPE = "text/plain; charset=utf-8";

/** The later of two RFC 3339 instants. */
export const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * Renders a week's digest in its three forms. Pure given the plan, so rendering twice gives the same bytes. It was
 * last modified when this content version was published, or when the week ended (or an article in it was updated), if
 * later.
 */
export async function renderStoredDigest(
  plan: DigestPlan,
  week: DigestWeek,
  publishedAt: string,
): Promise<StoredDigest> {
  const lastModified = later(weekUpdated(week, plan.site.timeZone), publishedAt);
  const rep = async (body: string, contentType: string): Promise<Representation> => ({
    body,
    contentType,
    etag: await etagOf(body),
    lastModified,
  });
  return {
    page: await rep(renderDigestPage(plan, week), HTML_TYPE),
    email: await rep(renderDigestEmail(plan, week), HTML_TYPE),
    text: await rep(renderDigestText(plan, week), TEXT_TYPE),
  };
}

/**
 * The stored digest of a finished week, or null when the cron has not rendered it yet. The shortest edge cache KV
 * allows: a miss is cached too, and a digest the cron stores a minute later should be read, not rendered again.
 */
export async function readStoredDigest(env: Env, version: string, week: string): Promise<StoredDigest | null> {
  return env.KV.get<StoredDigest>(digestKey(version, week), { type: "json", cacheTtl: 30 });
}

export async function writeStoredDigest(env: Env, version: string, week: string, digest: StoredDigest): Promise<void> {
  await env.KV.put(digestKey(version, week), JSON.stringify(digest));
}
