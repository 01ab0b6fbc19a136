// HTTP semantics shared by every route: validators, conditional GET, caching, CORS and Link headers.
import type { Context } from "hono";
import { httpDate } from "../shared/time.js";

export interface Representation {
  body: string;
  contentType: string;
  /** Quoted strong validator. */
  etag: string;
  /** RFC 3339 instant. */
  lastModified: string;
  /** Byte length of the body, when known (the build records it), so it is not encoded twice. */
  size?: number;
}

/** Feeds and pages: fresh for five minutes, then served stale for a day while a fresh copy is fetched (RFC 5861). */
export const CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400, stale-if-error=86400";

/**
 * Pages carry no script and load nothing but inline styles, the site's icon and article images: a policy that says
 * so turns any injected markup inert (https://www.w3.org/TR/CSP3/).
 */
export const PAGE_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Opaque tags without W/ (RFC 9110 §8.8.3.2 weak comparison): Cloudflare weakens ETags when it recompresses. */
function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, "");
}

/** True when the request's validators match, so 304 Not Modified answers it (RFC 9110 §13.1.2, §13.1.3). */
export function isNotModified(req: Request, rep: Pick<Representation, "etag" | "lastModified">): boolean {
  const inm = req.headers.get("If-None-Match");
  if (inm !== null) {
    // If-None-Match takes precedence: If-Modified-Since is ignored when it is present (RFC 9110 §13.1.3).
    return inm.trim() === "*" || inm.split(",").some((t) => opaque(t) === opaque(rep.etag));
  }
  const ims = req.headers.get("If-Modified-Since");
  if (ims !== null) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds.
    const modified = Math.floor(Date.parse(rep.lastModified) / 1000) * 1000;
    return !Number.isNaN(since) && modified <= since;
  }
  return false;
}

export interface ServeOptions {
  /** Extra headers: CORS, Link. */
  headers?: Record<string, string>;
  status?: number;
}

/** Answers with `rep`, or 304 with no body when the client's copy is current. HEAD is handled by Hono (same headers, no body). */
export function serve(c: Context, rep: Representation, options: ServeOptions = {}): Response {
  const headers = new Headers({
    ETag: rep.etag,
    "Last-Modified": httpDate(Date.parse(rep.lastModified)),
    "Cache-Control": CACHE_CONTROL,
    "X-Content-Type-Options": "nosniff",
    ...options.headers,
  });
  if ((options.status ?? 200) === 200 && isNotModified(c.req.raw, rep)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", rep.contentType);
  if (rep.contentType.startsWith("text/html")) headers.set("Content-Security-Policy", PAGE_SECURITY_POLICY);
  headers.set("Content-Length", String(rep.size ?? new TextEncoder().encode(rep.body).byteLength));
  return new Response(rep.body, { status: options.status ?? 200, headers });
}

/** A one-line plain-text answer for 400, 405 and the like. */
export function plain(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** Quoted SHA-256 prefix of `body`: the ETag of a body rendered on the spot. */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `"${hex.slice(0, 32)}"`;
}
