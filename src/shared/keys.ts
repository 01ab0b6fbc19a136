// Workers KV key layout. Every key starts with the content version, so a publish writes beside the
// previous one and a deployed Worker only ever reads the version it was deployed with.

/** The index: site config, article summaries, topics, weeks and the table of pre-rendered routes. */
export const indexKey = (version: string) => `v/${version}/index`;
/** One article record (summary and body HTML), JSON. */
export const articleKey = (version: string, slug: string) => `v/${version}/article/${slug}`;
/**
 * The newest 100 article records of a feed's scope (the site, or one topic), newest first, JSON: what a feed with a
 * non-default ?limit (at most 100) is rendered from, in one read, whatever the size of the archive.
 */
export const recentKey = (version: string, topic?: string) => `v/${version}/recent${topic ? `/topic/${topic}` : ""}`;
/** The bytes of a route rendered by the build, by its path (e.g. /feed.atom). */
export const routeKey = (version: string, path: string) => `v/${version}/route${path}`;
/** A finished week's digest, rendered by the cron (or on the first request that needed it). */
export const digestKey = (version: string, week: string) => `v/${version}/digest/${week}`;

/**
 * The version a Worker deployed without CONTENT_VERSION (a plain `wrangler deploy`) serves. `npm run deploy` writes it
 * after uploading the version's keys, so it never names a version whose keys are not all there.
 */
export const CURRENT_KEY = "current";
