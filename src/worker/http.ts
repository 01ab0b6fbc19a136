// HTTP semantics every route shares: validators and conditional GET (RFC 9110 §13), caching, content coding, and the
// plain-text answers for errors.
import type { Context } from "hono";
import { HTML_TYPE, TEXT_TYPE } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import type { Stored } from "../shared/stored-version.js";
import { httpDate } from "../shared/time.js";
import type { AppEnv } from "./env.js";
import { type Described, documentHeaders } from "./headers.js";

/** Feeds and pages: fresh for five minutes, then served stale for a day while a fresh copy is fetched (RFC 5861). */
const CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400, stale-if-error=86400";
/** Errors are never cached: a 404 seen during a publish must not outlive it. */
const NO_STORE = "no-store";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// The three forms of HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.
const IMF = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** The fields of an HTTP-date in any of its three forms, or undefined for anything else. */
function httpDateFields(text: string): { day: string; month: string; year: number; clock: string[] } | undefined {
  const imf = IMF.exec(text);
  if (imf) return { day: imf[1] ?? "", month: imf[2] ?? "", year: Number(imf[3]), clock: imf.slice(4, 7) };
  const rfc850 = RFC850.exec(text);
  if (rfc850) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7).
    const yy = Number(rfc850[3]);
    const thisYear = new Date().getUTCFullYear();
    const year = 2000 + yy > thisYear + 50 ? 1900 + yy : 2000 + yy;
    return { day: rfc850[1] ?? "", month: rfc850[2] ?? "", year, clock: rfc850.slice(4, 7) };
  }
  const asctime = ASCTIME.exec(text);
  if (asctime)
    return {
      day: (asctime[2] ?? "").trim(),
      month: asctime[1] ?? "",
      year: Number(asctime[6]),
      clock: asctime.slice(3, 6),
    };
  return undefined;
}

/** An HTTP-date as epoch ms, or undefined for anything else (RFC 9110 §13.1.3: an invalid date is ignored). */
export function parseHttpDate(text: string): number | undefined {
  const fields = httpDateFields(text);
  if (!fields) return undefined;
  const [h, mi, s] = fields.clock.map(Number) as [number, number, number];
  const mo = MONTHS.indexOf(fields.month);
  const d = Number(fields.day);
  const t = Date.UTC(fields.year, mo, d, h, mi, s);
  const check = new Date(t);
  // 31 February and 25:00 are not dates.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo || h > 23 || mi > 59 || s > 60) return undefined;
  return t;
}

/** Opaque tags without W/ (RFC 9110 §8.8.3.2 weak comparison): Cloudflare weakens ETags when it recompresses. */
const opaque = (tag: string) => tag.trim().replace(/^W\//, "");

/** True when the request's validators match, so 304 Not Modified answers it (RFC 9110 §13.1.2, §13.1.3). */
function isNotModified(req: Request, etag: string, modifiedMs: number): boolean {
  const inm = req.headers.get("If-None-Match");
  if (inm !== null) {
    // If-None-Match takes precedence: If-Modified-Since is ignored when it is present (RFC 9110 §13.1.3).
    const want = opaque(etag);
    return inm.trim() === "*" || inm.split(",").some((t) => opaque(t) === want);
  }
  const ims = req.headers.get("If-Modified-Since");
  if (ims === null) return false;
  const since = parseHttpDate(ims);
  // A date later than now is not one the client could have had from us: ignore it (RFC 9110 §13.1.3).
  if (since === undefined || since > Date.now()) return false;
  // HTTP dates have whole seconds.
  return Math.floor(modifiedMs / 1000) * 1000 <= since;
}

/**
 * True when If-Match or If-Unmodified-Since is false for the representation, so 412 answers it instead
 * (RFC 9110 §13.1.1, §13.1.4, evaluated in the order of §13.2.2). If-Match compares strongly: a weak tag never
 * matches.
 */
function isPreconditionFailed(req: Request, sentEtag: string, modifiedMs: number): boolean {
  const im = req.headers.get("If-Match");
  if (im !== null)
    return im.trim() !== "*" && !im.split(",").some((t) => t.trim() === sentEtag && !sentEtag.startsWith("W/"));
  const ius = req.headers.get("If-Unmodified-Since");
  if (ius === null) return false;
  const since = parseHttpDate(ius);
  return since !== undefined && Math.floor(modifiedMs / 1000) * 1000 > since;
}

/**
 * Whether the client takes gzip (RFC 9110 §12.5.3): named without q=0, or "*" without q=0. Cloudflare, and wrangler's
 * dev server, hand the Worker `Accept-Encoding: br, gzip` whatever the client sent, and the client's own value in
 * `request.cf.clientAcceptEncoding`; that one decides where it exists.
 */
function acceptsGzip(req: Request): boolean {
  const cf = (req as { cf?: { clientAcceptEncoding?: unknown } }).cf;
  const accept =
    typeof cf?.clientAcceptEncoding === "string" ? cf.clientAcceptEncoding : req.headers.get("Accept-Encoding");
  if (accept === null) return false;
  return accept.split(",").some((part) => {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return (name === "gzip" || name === "*" || name === "x-gzip") && !(q && Number(q.slice(2)) === 0);
  });
}

/**
 * A document the Worker sends: its gzip bytes (every stored document is gzip, and every feed rendered on request is
 * compressed once), and how they are described.
 */
export interface Representation {
  body: Uint8Array;
  contentType: string;
  /** Quoted strong validator. */
  etag: string;
  /** Epoch ms, sent as Last-Modified. */
  modified: number;
}

/** A stored route's representation. */
export function storedRepresentation(stored: Stored, body: Uint8Array, contentType: string): Representation {
  return { body, contentType, etag: `"${stored[0]}"`, modified: stored[1] * 1000 };
}

/**
 * Answers with `rep`: 304 when the client's copy is current, the gzip bytes as they are stored when the client takes
 * gzip (the common case: no work but the headers), and decompressed otherwise, with a weak ETag, since the identity
 * bytes are another representation (RFC 9110 §8.8.1). HEAD is Hono's: the same headers, no body.
 */
export function serve(c: Context<AppEnv>, rep: Representation, doc: Described): Response {
  const headers = documentHeaders(doc);
  const gzip = acceptsGzip(c.req.raw);
  const etag = gzip ? rep.etag : `W/${rep.etag}`;
  const base: Record<string, string> = {
    ETag: etag,
    "Last-Modified": httpDate(rep.modified),
    "Cache-Control": CACHE_CONTROL,
    Vary: "Accept-Encoding",
    ...headers,
  };
  if (isPreconditionFailed(c.req.raw, etag, rep.modified))
    return plain(412, "The document has changed since the version your request names.", headers);
  if (isNotModified(c.req.raw, rep.etag, rep.modified)) return new Response(null, { status: 304, headers: base });
  base["Content-Type"] = rep.contentType;
  if (gzip) {
    base["Content-Encoding"] = "gzip";
    base["Content-Length"] = String(rep.body.byteLength);
    return new Response(rep.body, { headers: base, encodeBody: "manual" });
  }
  return new Response(new Blob([rep.body]).stream().pipeThrough(new DecompressionStream("gzip")), { headers: base });
}

/**
 * A path the Worker may put in a Location header: letters, digits, `-`, `.`, `_` and single slashes, so no request can
 * point a redirect at another host or put a control character in a header.
 */
export const SAFE_PATH = /^(?:\/[A-Za-z0-9._-]+)+$|^\/$/;

/** A one-line plain-text answer for 400, 405, 503 and the like; never cached. */
export function plain(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": TEXT_TYPE, "Cache-Control": NO_STORE, ...headers },
  });
}

/** An HTML page of the site rendered on request for an error (404, 400): never cached, never compressed. */
export function errorPage(status: number, html: string, site: SiteConfig): Response {
  return new Response(html, {
    status,
    headers: { "Content-Type": HTML_TYPE, "Cache-Control": NO_STORE, ...documentHeaders({ kind: "page", site }) },
  });
}
