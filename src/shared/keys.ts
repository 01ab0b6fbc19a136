// Workers KV key layout. Every key starts with the content version, so a publish writes beside the
// previous one and a deployed Worker only ever reads the version it was deployed with.

/** The index: site config, article summaries, topics, weeks and the table of pre-rendered routes. */
export const indexKey = (version: string) => `v/${version}/index`;
/** One article record (summary and body HTML), JSON. */
export const articleKey = (version: string, slug: string) => `v/${version}/article/${slug}`;
/** Every article record, newest first, JSON: what an on-the-spot render (a non-default ?limit) reads. */
export const articlesKey = (version: string) => `v/${version}/articles`;
/** The bytes of a route rendered by the build, by its path (e.g. /feed.atom). */
export const routeKey = (version: string, path: string) => `v/${version}/route${path}`;
/** A finished week's digest, rendered by the cron (or on the first request that needed it). */
export const digestKey = (version: string, week: string) => `v/${version}/digest/${week}`;
