// Reads the served version from Workers KV: its head, the shards it names, the bytes they name, and feed entries; and
// keeps what it read in the isolate's memory. Any failure (a read that throws, a missing or malformed value) is a
// ContentUnavailable, which the app answers with 503 and does not remember, so the next request tries again.
import bundledHead from "dispatch:head";
import { valueKey } from "../shared/keys.js";
import { decodeHead, type Group, type Head, type Shard, shardHash } from "../shared/stored-version.js";

/** Hash-named values never change, so the edge may cache them for as long as KV allows. */
const CACHE_TTL = 86_400;
/** Bytes of response bodies kept per isolate, and of documents rendered on request; workerd gives an isolate 128 MB. */
const BODY_BYTES = 16 * 1024 * 1024;
const RENDER_BYTES = 16 * 1024 * 1024;
/** A KV read that has not answered by then is a 503, not a request that hangs. */
const KV_TIMEOUT_MS = 5000;

/**
 * Why the Worker cannot serve: `missing` when the version it names is not in KV (nothing was published to this
 * namespace, or a prune removed it), which no retry mends; `unreadable` when KV failed or answered with something
 * that is not what the version names, which a retry may.
 */
export class ContentUnavailable extends Error {
  constructor(
    message: string,
    readonly kind: "missing" | "unreadable" = "unreadable",
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The shape a shard must have for the Worker to use it; its route entries are checked where they are read. Written
 * out rather than a zod schema: the build wrote it, so this guards against a wrong or damaged value, not hostile
 * input, and zod's first parse on a cold isolate cost about 1 ms of the 5 ms a first request may spend.
 */
function shardProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "not an object";
  const { site, routes } = value;
  if (!isObject(site)) return "no site";
  for (const field of ["origin", "title", "timeZone"] as const)
    if (typeof site[field] !== "string") return `site.${field} is not a string`;
  if (typeof site.feedSize !== "number") return "site.feedSize is not a number";
  if (!isObject(routes)) return "no routes";
  if (value.redirects !== undefined && typeof value.redirects !== "string" && !isObject(value.redirects))
    return "redirects is neither a table nor a hash";
  return undefined;
}

/** What one isolate has read of one version. */
interface Memo {
  /** The head as given: comparing it is cheaper than decoding it again. */
  text: string;
  head: Head;
  /**
   * What was read and rendered, kept as values, never as promises: a promise made in one request's context and
   * awaited in another's fails in workerd ("Cannot perform I/O on behalf of a different request"), which answered
   * concurrent first requests for one feed with 500s. Requests that arrive together each read; the first to finish
   * fills the memo.
   */
  shards: Map<string, Shard>;
  bodies: Map<string, Uint8Array>;
  bodyBytes: number;
  /** Documents rendered on request (feeds with ?limit, author feeds), by what they are rendered from; by bytes. */
  renders: Map<string, { value: unknown; bytes: number }>;
  renderBytes: number;
  /** Keys of the documents a request is rendering now. */
  rendering: Set<string>;
}

/**
 * Memos by KV binding: one per isolate in production. A test that wraps the binding (to count reads) gets a fresh
 * one, as a new isolate would.
 */
const memos = new WeakMap<KVNamespace, Memo>();

/** Runs a KV call within KV_TIMEOUT_MS; a throw or no answer becomes ContentUnavailable with what was being read. */
async function kv<T>(what: string, read: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${KV_TIMEOUT_MS / 1000} s`)), KV_TIMEOUT_MS);
  });
  try {
    return await Promise.race([read(), timeout]);
  } catch (e) {
    throw new ContentUnavailable(`reading ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The head of the version to serve: the one this Worker was built with (`dist/head.js`, which the build hook writes
 * before `wrangler deploy` bundles it, so each Worker version carries its content and a rollback brings both back),
 * unless CONTENT_VERSION names another (tests, benchmarks).
 */
function headText(env: Env): string {
  const text = env.CONTENT_VERSION || bundledHead;
  if (!text)
    throw new ContentUnavailable(
      "this Worker was built without a content version: deploy it with `npx wrangler deploy`, whose build step publishes content/",
      "missing",
    );
  return text;
}

async function memoFor(env: Env): Promise<Memo> {
  const text = headText(env);
  const memo = memos.get(env.KV);
  if (memo?.text === text) return memo;
  const head = decodeHead(text);
  if (!head) throw new ContentUnavailable(`the content version this Worker names is not a head: ${text.slice(0, 40)}`);
  const fresh: Memo = {
    text,
    head,
    shards: new Map(),
    bodies: new Map(),
    bodyBytes: 0,
    renders: new Map(),
    renderBytes: 0,
    rendering: new Set(),
  };
  memos.set(env.KV, fresh);
  return fresh;
}

/** The head of the served version. */
export async function readHead(env: Env): Promise<Head> {
  return (await memoFor(env)).head;
}

/** The shard of `group` holding `key` (a slug, a period, a year; "" for the site's), or null when the head has none. */
export async function readShard(env: Env, group: Group, key: string): Promise<Shard | null> {
  const memo = await memoFor(env);
  const hash = shardHash(memo.head, group, key);
  if (!hash) return null;
  const known = memo.shards.get(hash);
  if (known) return known;
  const value = await kv(`shard ${hash}`, () => env.KV.get(valueKey(hash), { type: "json", cacheTtl: CACHE_TTL }));
  if (value === null)
    throw new ContentUnavailable(
      `KV has no ${valueKey(hash)}, a shard of content version ${memo.head.version}, in the namespace bound as KV: publish with \`npx wrangler deploy\` (or check the namespace id in wrangler.toml)`,
      "missing",
    );
  const problem = shardProblem(value);
  if (problem) throw new ContentUnavailable(`shard ${hash} is not a shard: ${problem}`);
  memo.shards.set(hash, value as Shard);
  return value as Shard;
}

/** Forgets a shard this isolate read, when something it names turned out damaged: the next request reads it again. */
export async function forgetShard(env: Env, shard: Shard): Promise<void> {
  const memo = await memoFor(env);
  for (const [hash, known] of memo.shards) if (known === shard) memo.shards.delete(hash);
}

/** The stored bytes named `hash`: at most one KV read, none once this isolate has served them. */
export async function readBody(env: Env, hash: string): Promise<Uint8Array> {
  const memo = await memoFor(env);
  const known = memo.bodies.get(hash);
  if (known) return known;
  const value = await kv(`value ${hash}`, () =>
    env.KV.get(valueKey(hash), { type: "arrayBuffer", cacheTtl: CACHE_TTL }),
  );
  if (value === null)
    throw new ContentUnavailable(
      `KV has no ${valueKey(hash)}, named by content version ${memo.head.version}`,
      "missing",
    );
  const bytes = new Uint8Array(value);
  // Every stored document is gzip (RFC 1952 §2.3.1: it starts 1f 8b); anything else would be sent as gzip and garbled.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new ContentUnavailable(`${valueKey(hash)} is not gzip`);
  if (memo.bodyBytes + bytes.byteLength <= BODY_BYTES) {
    memo.bodies.set(hash, bytes);
    memo.bodyBytes += bytes.byteLength;
  }
  return bytes;
}

/** JSON values by hash, read together in one bulk read (at most 100 keys, as KV allows). */
export async function readJsonValues(env: Env, hashes: readonly string[]): Promise<Record<string, unknown>[]> {
  if (hashes.length === 0) return [];
  const keys = hashes.map(valueKey);
  const values = await kv(`${keys.length} values`, () => env.KV.get(keys, { type: "json", cacheTtl: CACHE_TTL }));
  return keys.map((key) => {
    const value = values.get(key);
    if (value === null || value === undefined) throw new ContentUnavailable(`KV has no ${key}`);
    if (!isObject(value)) throw new ContentUnavailable(`${key} is not a JSON object`);
    return value;
  });
}

/** How long a request waits for another one rendering the same document before rendering it itself. */
const RENDER_WAIT_MS = 3000;

/**
 * A document rendered on request, kept for this isolate and version under `key`, which names its inputs. Kept by
 * bytes (`sizeOf`), oldest dropped first, so a run of distinct ?limit values cannot fill the isolate's memory.
 * Requests that arrive while another renders the same document wait for its value, checking on their own timers
 * (never on the other request's promise, which workerd refuses), so 64 first requests make one render and one read.
 */
export async function rendered<T>(
  env: Env,
  key: string,
  make: () => Promise<T>,
  sizeOf: (value: T) => number,
): Promise<T> {
  const memo = await memoFor(env);
  const until = Date.now() + RENDER_WAIT_MS;
  while (memo.rendering.has(key) && !memo.renders.has(key) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 5));
  const known = memo.renders.get(key);
  if (known) return known.value as T;
  memo.rendering.add(key);
  try {
    const value = await make();
    keepRender(memo, key, value, sizeOf(value));
    return value;
  } finally {
    memo.rendering.delete(key);
  }
}

function keepRender(memo: Memo, key: string, value: unknown, bytes: number): void {
  if (bytes > RENDER_BYTES) return;
  for (const [oldKey, old] of memo.renders) {
    if (memo.renderBytes + bytes <= RENDER_BYTES) break;
    memo.renders.delete(oldKey);
    memo.renderBytes -= old.bytes;
  }
  memo.renders.set(key, { value, bytes });
  memo.renderBytes += bytes;
}
