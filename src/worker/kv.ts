// Reads the content bundle from Workers KV, keeping what it read in the isolate's memory for the deployed version.
import type { ArticleRecord } from "../shared/article.js";
import { articlesKey, indexKey, routeKey } from "../shared/keys.js";
import type { SiteIndex } from "../shared/site-index.js";

/** Versioned keys never change, so the edge may cache them for as long as KV allows. */
const CACHE_TTL = 86_400;
/** Bytes of route bodies kept in memory per isolate; workerd gives an isolate 128 MB. */
const MEMO_BYTES = 16 * 1024 * 1024;

export class MissingContentError extends Error {}

interface Memo {
  version: string;
  index?: Promise<SiteIndex>;
  articles?: Promise<ArticleRecord[]>;
  routes: Map<string, string>;
  routeBytes: number;
  renders: Map<string, Promise<unknown>>;
}

let memo: Memo | undefined;

function memoFor(env: Env): Memo {
  const version = env.CONTENT_VERSION;
  if (!version) throw new MissingContentError("CONTENT_VERSION is not set: deploy with `npm run deploy`");
  if (memo?.version !== version) memo = { version, routes: new Map(), routeBytes: 0, renders: new Map() };
  return memo;
}

async function getJson<T>(env: Env, key: string): Promise<T> {
  const value = await env.KV.get<T>(key, { type: "json", cacheTtl: CACHE_TTL });
  if (value === null) throw new MissingContentError(`KV has no ${key}: was the bundle uploaded?`);
  return value;
}

/** The index of the deployed content version: one KV read per isolate. */
export function readIndex(env: Env): Promise<SiteIndex> {
  const m = memoFor(env);
  m.index ??= getJson<SiteIndex>(env, indexKey(m.version)).catch((e) => {
    m.index = undefined;
    throw e;
  });
  return m.index;
}

/** Every article record with its body, newest first: one KV read per isolate, for renders made on the spot. */
export function readAllArticles(env: Env): Promise<ArticleRecord[]> {
  const m = memoFor(env);
  m.articles ??= getJson<ArticleRecord[]>(env, articlesKey(m.version)).catch((e) => {
    m.articles = undefined;
    throw e;
  });
  return m.articles;
}

/** The body of a pre-rendered route: at most one KV read, none once this isolate has served it. */
export async function readRoute(env: Env, path: string): Promise<string> {
  const m = memoFor(env);
  const cached = m.routes.get(path);
  if (cached !== undefined) return cached;
  const body = await env.KV.get(routeKey(m.version, path), { type: "text", cacheTtl: CACHE_TTL });
  if (body === null) throw new MissingContentError(`KV has no ${routeKey(m.version, path)}`);
  if (m.routeBytes + body.length <= MEMO_BYTES) {
    m.routes.set(path, body);
    m.routeBytes += body.length;
  }
  return body;
}

/** Renders kept for this isolate and content version (digest pages, archive, digest feeds); `key` names the inputs. */
export function memoized<T>(env: Env, key: string, make: () => Promise<T>): Promise<T> {
  const m = memoFor(env);
  let p = m.renders.get(key) as Promise<T> | undefined;
  if (!p) {
    // Bounded: keys include the week, so an isolate that lives for years still holds few.
    if (m.renders.size > 500) m.renders.clear();
    p = make().catch((e) => {
      m.renders.delete(key);
      throw e;
    });
    m.renders.set(key, p);
  }
  return p;
}

/** Forgets everything read (tests use it to start from a cold isolate). */
export function forgetMemo(): void {
  memo = undefined;
}
