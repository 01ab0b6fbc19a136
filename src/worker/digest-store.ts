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

/** Renders a week's digest in its three forms. Pure given the plan, so rendering twice gives the same bytes. */
export async function renderStoredDigest(plan: DigestPlan, week: DigestWeek): Promise<StoredDigest> {
  const lastModified = weekUpdated(week, plan.site.timeZone);
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

/** The stored digest of a finished week, or null when the cron has not rendered it yet. */
export async function readStoredDigest(env: Env, week: string): Promise<StoredDigest | null> {
  return env.KV.get<StoredDigest>(digestKey(env.CONTENT_VERSION, week), { type: "json", cacheTtl: 3600 });
}

export async function writeStoredDigest(env: Env, week: string, digest: StoredDigest): Promise<void> {
  await env.KV.put(digestKey(env.CONTENT_VERSION, week), JSON.stringify(digest));
}
