// The built bundle as the tests see it: the content version and index the Worker under test serves.
import { env, exports } from "cloudflare:workers";
import { indexKey } from "../../src/shared/keys.js";
import type { SiteIndex } from "../../src/shared/site-index.js";

export async function builtIndex(): Promise<SiteIndex> {
  const index = await env.KV.get<SiteIndex>(indexKey(env.CONTENT_VERSION), "json");
  if (!index) throw new Error("the bundle was not seeded");
  return index;
}

/** The Worker under test, reached through the runtime like a real request (the `main` of wrangler.toml). */
export const worker = (exports as unknown as { default: Fetcher }).default;

export const ORIGIN = "http://dispatch.test";

/** GET (or `init.method`) a path on the Worker. */
export const get = (path: string, init?: RequestInit) => worker.fetch(new Request(`${ORIGIN}${path}`, init));
