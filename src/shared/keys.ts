// Workers KV key layout: every key Dispatch reads or writes is made here, and nowhere else.

/** Prefix of the values named by the hash of their bytes (shards, pre-rendered routes, feed entries). */
export const VALUE_PREFIX = "b/";

/**
 * A value named by the hash of its bytes: written once, shared by every version that serves the same bytes, never
 * changed. What a publish uploads is only the values KV does not hold yet.
 */
export const valueKey = (hash: string) => `${VALUE_PREFIX}${hash}`;

/** The hash a value key names. */
export const hashOfKey = (key: string) => key.slice(VALUE_PREFIX.length);

/** Prefix of the version records. */
export const VERSION_PREFIX = "v/";

/**
 * A published version's record (its head, when it was published, what it holds): read by `npm run versions`,
 * rollback and prune, never by the Worker on a request.
 */
export const versionKey = (version: string) => `${VERSION_PREFIX}${version}`;

/**
 * The head a Worker deployed without CONTENT_VERSION (a plain `wrangler deploy`) serves. `npm run deploy` writes it
 * after every value the head names is in KV, so it never names a missing value.
 */
export const CURRENT_KEY = "current";

/** Held while a publish, a rollback or a prune runs, so no two of them run at once. */
export const LOCK_KEY = "lock";
