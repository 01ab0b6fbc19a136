// Finished weeks' digests in KV: rendered once (by the cron, or by the first request that needs one) and then only read.
import { renderDigestEmail } from "../render/digest/email.js";
import { renderDigestPage } from "../render/digest/page.js";
import { renderDigestText } from "../render/digest/text.js";
import type { DigestPlan, DigestWeek } from "../render/digest/week-plan.js";
import { adjacentWeeks, weekUpdated } from "../render/digest/week-plan.js";
import { digestKey } from "../shared/keys.js";
import { HTML_TYPE } from "../shared/paths.js";
import type { SiteIndex } from "../shared/site-index.js";
import { etagOf, type Representation } from "./http.js";

/** The three forms of one week's digest, as stored under digestKey(hash of its inputs). */
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
 * The KV key of a week's stored digest: the hash of everything its three forms are rendered from (the rendering code,
 * the site, the week and its articles, the neighbouring weeks the page links to) and of when it counts as modified.
 */
export async function storedDigestKey(index: SiteIndex, plan: DigestPlan, week: DigestWeek): Promise<string> {
  const { previous, next } = adjacentWeeks(plan, week.name);
  const near = (w: DigestWeek | undefined) => (w ? { name: w.name, label: w.label } : null);
  const inputs = JSON.stringify({
    renderer: index.renderer,
    site: plan.site,
    week: { ...week, articles: week.articles },
    previous: near(previous),
    next: near(next),
  });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(inputs));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return digestKey(hex.slice(0, 32));
}

/**
 * The stored digest under `key`, or null when the cron has not rendered it yet. The shortest edge cache KV allows: a
 * miss is cached too, and a digest the cron stores a minute later should be read, not rendered again.
 */
export async function readStoredDigest(env: Env, key: string): Promise<StoredDigest | null> {
  return env.KV.get<StoredDigest>(key, { type: "json", cacheTtl: 30 });
}

export async function writeStoredDigest(env: Env, key: string, digest: StoredDigest): Promise<void> {
  await env.KV.put(key, JSON.stringify(digest));
}
