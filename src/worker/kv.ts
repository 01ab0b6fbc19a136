// Reads the content bundle from Workers KV, keeping what it read in the isolate's memory for the deployed version.
import type { ArticleRecord } from "../shared/article.js";
import { blobKey, CURRENT_KEY, indexKey } from "../shared/keys.js";
import type { RenderedRoute, SiteIndex } from "../shared/site-index.js";

/** Versioned and hash-named keys never change, so the edge may cache them for as long as KV allows. */
const CACHE_TTL = 86_400;
/** How long an isolate trusts the `current` pointer before asking KV again (KV's own edge cache holds it as long). */
const POINTER_TTL_MS = 60_000;
/** Bytes of route bodies kept in memory per isolate; workerd gives an isolate 128 MB. */
const MEMO_BYTES = 16 * 1024 * 1024;

export class MissingContentError extends Error {}

interface Memo {
  version: string;
  index?: Promise<SiteIndex>;
  recent: Map<string, Promise<ArticleRecord[]>>;
  routes: Map<string, string>;
  routeBytes: number;
  renders: Map<string, Promise<unknown>>;
}

let memo: Memo | undefined;
let pointer: { version: string; readAt: number } | undefined;

/**
 * The content version to serve: CONTENT_VERSION, which `npm run deploy` sets with the deploy so code and content switch
 * together; when it is empty (a plain `wrangler deploy`), the `current` key, read at most once a minute per isolate.
 */
export async function contentVersion(env: Env): Promise<string> {
  if (env.CONTENT_VERSION) return env.CONTENT_VERSION;
  if (pointer && Date.now() - pointer.readAt < POINTER_TTL_MS) return pointer.version;
  const version = await env.KV.get(CURRENT_KEY, { type: "text", cacheTtl: POINTER_TTL_MS / 1000 });
  if (!version)
    throw new MissingContentError("neither CONTENT_VERSION nor the KV key 'current' names a content version");
  pointer = { version, readAt: Date.now() };
  return version;
}

async function memoFor(env: Env): Promise<Memo> {
  const version = await contentVersion(env);
  if (memo?.version !== version)
    memo = { version, recent: new Map(), routes: new Map(), routeBytes: 0, renders: new Map() };
  return memo;
}

async function getJson<T>(env: Env, key: string): Promise<T> {
  const value = await env.KV.get<T>(key, { type: "json", cacheTtl: CACHE_TTL });
  if (value === null) throw new MissingContentError(`KV has no ${key}: was the bundle uploaded?`);
  return value;
}

/** A promise kept in memory, forgotten if it fails so the next request tries again. */
function keep<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = make().catch((e: unknown) => {
      map.delete(key);
      throw e;
    });
    map.set(key, p);
  }
  return p;
}

/** The index of the served content version: one KV read per isolate. */
export async function readIndex(env: Env): Promise<SiteIndex> {
  const m = await memoFor(env);
  m.index ??= getJson<SiteIndex>(env, indexKey(m.version)).catch((e: unknown) => {
    m.index = undefined;
    throw e;
  });
  return m.index;
}

/** The newest 100 records of the site or of one topic, with bodies: one KV read per scope and isolate. */
export async function readRecent(env: Env, topic?: string): Promise<ArticleRecord[]> {
  const index = await readIndex(env);
  const m = await memoFor(env);
  const hash = index.recent[topic ?? ""];
  if (!hash) throw new MissingContentError(`the index has no recent records for '${topic ?? ""}'`);
  return keep(m.recent, hash, () => getJson<ArticleRecord[]>(env, blobKey(hash)));
}

/** The body of a pre-rendered route: at most one KV read, none once this isolate has served it. */
export async function readRoute(env: Env, route: RenderedRoute): Promise<string> {
  const m = await memoFor(env);
  const cached = m.routes.get(route.blob);
  if (cached !== undefined) return cached;
  const body = await env.KV.get(blobKey(route.blob), { type: "text", cacheTtl: CACHE_TTL });
  if (body === null) throw new MissingContentError(`KV has no ${blobKey(route.blob)}`);
  if (m.routeBytes + body.length <= MEMO_BYTES) {
    m.routes.set(route.blob, body);
    m.routeBytes += body.length;
  }
  return body;
}

/** Renders kept for this isolate and content version (digest pages, archive, digest feeds); `key` names the inputs. */
export async function memoized<T>(env: Env, key: string, make: () => Promise<T>): Promise<T> {
  const m = await memoFor(env);
  // Bounded: keys include the week, so an isolate that lives for years still holds few.
  if (m.renders.size > 500) m.renders.clear();
  return keep(m.renders as Map<string, Promise<T>>, key, make);
}

/** Forgets everything read (tests use it to start from a cold isolate). */
export function forgetMemo(): void {
  memo = undefined;
  pointer = undefined;
}
