// Workers KV key layout. A version's index names everything it serves; every other value is stored under the hash of
// its bytes, so a publish writes only what changed and a deployed Worker only ever reads the version it serves.

/**
 * The index of a content version: site config, article summaries, topics, weeks, and the hashes of the values it
 * serves. The version is itself a hash, so a publish writes beside the previous index, never over it.
 */
export const indexKey = (version: string) => `v/${version}/index`;

/**
 * A value named by the hash of its bytes (a pre-rendered route, an article record, a scope's newest records): written
 * once, shared by every version that serves the same bytes, never changed.
 */
export const blobKey = (hash: string) => `b/${hash}`;

/**
 * A finished week's digest (page, email, text), rendered by the cron or by the first request that needed it, named by
 * the hash of what it is rendered from: a publish that leaves a week and its neighbours alone leaves its digest too.
 */
export const digestKey = (hash: string) => `d/${hash}`;

/**
 * The version a Worker deployed without CONTENT_VERSION (a plain `wrangler deploy`) serves. `npm run deploy` writes it
 * after uploading the version's keys, so it never names a version whose keys are not all there.
 */
export const CURRENT_KEY = "current";
