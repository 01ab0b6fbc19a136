// Every header that depends on what a response is: the content policy of each kind of document, HSTS for the site,
// CORS and Link on feeds, the preflight's answer, and (as middleware) the security headers every response carries.
import type { MiddlewareHandler } from "hono";
import { EMBED_ORIGINS } from "../shared/embeds.js";
import { absolute, type DocumentKind } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import type { AppEnv } from "./env.js";

/**
 * Pages carry no script and load nothing but inline styles, the site's icon and article images: a policy that says
 * so turns any injected markup inert (https://www.w3.org/TR/CSP3/).
 */
export const PAGE_POLICY = `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-src ${EMBED_ORIGINS.join(" ")}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
/** Feeds, OPML, the icon, sitemaps and plain text are data: opened in a browser, they may run and load nothing. */
const DATA_POLICY = "default-src 'none'; sandbox";
/**
 * A file kept beside the posts (a picture, a PDF), opened on its own: an SVG may style itself and embed data: images
 * and fonts, as drawing tools write them, and still runs no script and loads nothing from anywhere.
 */
const FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox";

const POLICIES: Record<DocumentKind, string> = {
  page: PAGE_POLICY,
  feed: DATA_POLICY,
  data: DATA_POLICY,
  file: FILE_POLICY,
};

/** Every feature a page could ask a browser for, denied: Dispatch's pages use none. */
const PERMISSIONS_POLICY = [
  "accelerometer",
  "ambient-light-sensor",
  "autoplay",
  "battery",
  "bluetooth",
  "camera",
  "clipboard-read",
  "clipboard-write",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "gamepad",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "local-fonts",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "storage-access",
  "usb",
  "web-share",
  "xr-spatial-tracking",
]
  // The video players an article may frame (shared/embeds.ts) may go full screen and picture-in-picture when the
  // reader asks; the page itself and anything else may not.
  .map((f) =>
    f === "fullscreen" || f === "picture-in-picture"
      ? `${f}=(${EMBED_ORIGINS.map((o) => `"${o}"`).join(" ")})`
      : `${f}=()`,
  )
  .join(", ");

/** Two years, with subdomains: what the HSTS preload list asks (https://hstspreload.org). */
const HSTS = "max-age=63072000; includeSubDomains";

/** The methods every path answers. */
export const ALLOW = "GET, HEAD, OPTIONS";

/** What a web-based reader may read back from a feed response: the validators it polls with, and the hub. */
const EXPOSED = "ETag, Last-Modified, Link";

/** The answer to a CORS preflight: any origin may poll with the validators of the copy it has. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  Allow: ALLOW,
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": ALLOW,
  "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, If-Match, If-Unmodified-Since, Cache-Control",
  "Access-Control-Max-Age": "86400",
});

/**
 * What a response holds, as far as its headers go: the kind of document, the site it belongs to (its origin, and
 * whether it asks for HSTS), and for a feed its own address, path and query (`rel="self"`).
 */
export type Described =
  | { kind: "feed"; site: SiteConfig; self: string }
  | { kind: Exclude<DocumentKind, "feed">; site: SiteConfig };

/** Strict-Transport-Security, for an https site that asks for it. */
export function siteHeaders(site: SiteConfig): Record<string, string> {
  return site.strictTransportSecurity && site.origin.startsWith("https:") ? { "Strict-Transport-Security": HSTS } : {};
}

/**
 * The headers a document's kind and site decide: its content policy, HSTS, and for a feed CORS and Link, since feeds
 * are public data read by web apps, with their own address and their hub (RFC 8288, WebSub §4). Every response a
 * route serves from a document goes through here (`serve`, `errorPage`), so no route can leave one out.
 */
export function documentHeaders(doc: Described): Record<string, string> {
  const { site } = doc;
  const headers: Record<string, string> = { "Content-Security-Policy": POLICIES[doc.kind], ...siteHeaders(site) };
  if (doc.kind !== "feed") return headers;
  const links = [`<${absolute(site.origin, doc.self)}>; rel="self"`];
  if (site.hub) links.push(`<${site.hub}>; rel="hub"`);
  headers["Access-Control-Allow-Origin"] = "*";
  // Web-based readers poll with validators and read them back (https://fetch.spec.whatwg.org/#http-responses).
  headers["Access-Control-Expose-Headers"] = EXPOSED;
  headers.Link = links.join(", ");
  return headers;
}

/**
 * The headers every response carries, and the data policy for one that describes no document (a redirect, a 405, a
 * 503): it may run and load nothing.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "strict-origin-when-cross-origin");
  h.set("Permissions-Policy", PERMISSIONS_POLICY);
  if (!h.has("Content-Security-Policy")) h.set("Content-Security-Policy", DATA_POLICY);
};
