// Headers that apply to a kind of response, as middleware: security headers on everything, the content policy of
// each kind of document, and CORS and Link on feeds.
import type { MiddlewareHandler } from "hono";
import { EMBED_ORIGINS } from "../shared/embeds.js";
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

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "strict-origin-when-cross-origin");
  h.set("Permissions-Policy", PERMISSIONS_POLICY);
  const kind = c.var.kind;
  if (c.res.status !== 304)
    h.set("Content-Security-Policy", kind === "page" ? PAGE_POLICY : kind === "file" ? FILE_POLICY : DATA_POLICY);
  const site = c.var.site;
  if (site?.strictTransportSecurity && site.origin.startsWith("https:")) h.set("Strict-Transport-Security", HSTS);
};
