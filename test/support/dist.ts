// The build of content/ that `npm test` makes first (dist/ and the value store), read as the Worker would read KV.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import type { BulkEntry } from "../../src/build/chunks.js";
import { ValueStore } from "../../src/build/value-store.js";
import { parsePath, type Route } from "../../src/shared/routes.js";
import {
  decodeHead,
  groupOf,
  type Head,
  type RouteEntry,
  type Shard,
  type Stored,
  shardHash,
  storedAt,
} from "../../src/shared/stored-version.js";

const project = resolve(import.meta.dirname, "../..");

export interface Built {
  headText: string;
  head: Head;
  /** Every route the version serves, by path. */
  routes: Record<string, RouteEntry>;
  /** A stored value's bytes. */
  value(hash: string): Uint8Array;
  /** The text a route serves at `now` (decompressed). */
  text(path: string, now?: number): string;
  /** The stored bytes a route serves at `now`. */
  stored(path: string, now?: number): Stored;
  /** The shard holding a route. */
  shardOf(route: Route): Shard;
}

/** The build in `root` (this project by default); throws if it was never built. */
export async function loadBuilt(root = project): Promise<Built> {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "version.txt"))) throw new Error(`${dist} has no build: run \`npm run build\` first`);
  const headText = readFileSync(join(dist, "version.txt"), "utf8").trim();
  const head = decodeHead(headText);
  if (!head) throw new Error("dist/version.txt is not a head");
  const routes = JSON.parse(readFileSync(join(dist, "routes.json"), "utf8")) as Record<string, RouteEntry>;
  const store = await ValueStore.open(join(root, ".cache", "dispatch", "values"));
  const stored = (path: string, now = Date.now()) => {
    const entry = routes[path];
    if (!entry) throw new Error(`the build has no route ${path}`);
    return storedAt(entry, now);
  };
  return {
    headText,
    head,
    routes,
    value: (hash) => store.get(hash),
    stored,
    text: (path, now) => gunzipSync(store.get(stored(path, now)[0])).toString("utf8"),
    shardOf: (route) => {
      const { group, key } = groupOf(route);
      const hash = shardHash(head, group, key);
      if (!hash) throw new Error(`no shard for ${JSON.stringify(route)}`);
      return JSON.parse(Buffer.from(store.get(hash)).toString("utf8")) as Shard;
    },
  };
}

/**
 * The text (decompressed) a route of a build serves once every switch it holds has happened: a digest route's bytes
 * after the build's week ends. Throws when the build has no such route.
 */
export function routeText(built: Built, path: string): string {
  return built.text(path, Number.POSITIVE_INFINITY);
}

/** The bulk-put files of the build in `dist` (dist/kv/1.json, 2.json, …: what `wrangler kv bulk put` takes), by name. */
export function kvChunks(dist: string): { name: string; entries: BulkEntry[] }[] {
  const dir = join(dist, "kv");
  return readdirSync(dir)
    .filter((name) => /^\d/.test(name))
    .map((name) => ({ name, entries: JSON.parse(readFileSync(join(dir, name), "utf8")) as BulkEntry[] }));
}

/** The parsed routes of a build, with their paths. */
export function routesOf(built: Built): { path: string; route: Route }[] {
  return Object.keys(built.routes).map((path) => {
    const route = parsePath(path);
    if (!route) throw new Error(`the build serves ${path}, which parsePath does not know`);
    return { path, route };
  });
}
