// The Worker under test, reached through the runtime like a real request, serving the build of content/.
import { exports } from "cloudflare:workers";
import routes from "../../dist/routes.json";
import type { RouteEntry, Stored } from "../../src/shared/stored-version.js";

/** The Worker under test, reached through the runtime like a real request (the `main` of wrangler.toml). */
export const worker = (exports as unknown as { default: Fetcher }).default;

export const ORIGIN = "http://dispatch.test";

/**
 * GET (or `init.method`) a path on the Worker, taking gzip as feed readers and browsers do (the runtime decodes the
 * body for the test, as a client would).
 */
export const get = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has("Accept-Encoding")) headers.set("Accept-Encoding", "gzip");
  return worker.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }));
};

/** A route of the build under test, as dist/routes.json records it (its bytes and Last-Modified). */
export function builtRoute(path: string): Stored {
  const entry = (routes as unknown as Record<string, RouteEntry>)[path];
  if (!entry) throw new Error(`the build has no route ${path}`);
  return Array.isArray(entry[0]) ? (entry[0] as Stored) : (entry as Stored);
}
