/** @jsxImportSource hono/jsx */
// The shell every HTML page shares: head with canonical and feed autodiscovery links, header, footer, inline CSS.

import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { absolute, paths } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { STYLES } from "./styles.js";

/** A feed a page advertises: <link rel="alternate" type="…" title="…" href="…"> (autodiscovery). */
export interface FeedLink {
  title: string;
  /** Bare media type, e.g. application/atom+xml. */
  type: string;
  /** Path on the site. */
  path: string;
}

/**
 * What a link to the page shows when shared (Open Graph, https://ogp.me; X/Twitter cards read the same tags): a
 * page is a "website" unless it says it is an article.
 */
export interface ShareCard {
  type: "website" | "article";
  image?: { url: string; alt: string };
  /** RFC 3339 (article:published_time). */
  published?: string;
  modified?: string;
  authors?: string[];
}

export interface LayoutProps {
  site: SiteConfig;
  card?: ShareCard;
  /** Structured data (schema.org as JSON-LD) for search engines; a data block, which no CSP treats as script. */
  jsonLd?: object;
  /** Page title, without the site name. */
  title: string;
  /** Path of the canonical URL of this page; "" for a page with no URL of its own (the 404 page). */
  canonical: string;
  description?: string;
  feeds: FeedLink[];
  children?: Child;
}

/** The site-wide navigation; the link to the page being shown is marked aria-current. */
const NAV = [
  { path: paths.topics(), label: "Topics" },
  { path: paths.digest(), label: "Weekly digest" },
  { path: paths.feeds(), label: "Subscribe" },
];

/** JSON for a <script> data block: "<" escaped, so no text in it can close the element. */
const jsonForScript = (data: object) => JSON.stringify(data).replace(/</g, "\\u003c");

export function Layout({ site, title, canonical, description, feeds, card, jsonLd, children }: LayoutProps) {
  const url = canonical === "" ? undefined : absolute(site.origin, canonical);
  const summary = description ?? site.description;
  const share = card ?? { type: "website" };
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title === site.title ? site.title : `${title} · ${site.title}`}</title>
        <meta name="description" content={description ?? site.description} />
        {/* A 404 must not claim another URL as canonical: search engines would fold it into that page. */}
        {canonical !== "" && <link rel="canonical" href={absolute(site.origin, canonical)} />}
        {feeds.map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={absolute(site.origin, f.path)} />
        ))}
        {url && (
          <>
            <meta property="og:type" content={share.type} />
            <meta property="og:title" content={title} />
            <meta property="og:description" content={summary} />
            <meta property="og:url" content={url} />
            <meta property="og:site_name" content={site.title} />
            <meta property="og:locale" content={site.language.replace("-", "_")} />
            {share.image && <meta property="og:image" content={share.image.url} />}
            {share.image?.alt && <meta property="og:image:alt" content={share.image.alt} />}
            {share.published && <meta property="article:published_time" content={share.published} />}
            {share.modified && <meta property="article:modified_time" content={share.modified} />}
            {share.authors?.map((a) => (
              <meta property="article:author" content={a} />
            ))}
            <meta name="twitter:card" content={share.image ? "summary_large_image" : "summary"} />
          </>
        )}
        {jsonLd && <script type="application/ld+json">{raw(jsonForScript(jsonLd))}</script>}
        <link rel="icon" type="image/svg+xml" href={paths.icon()} />
        <style>{raw(STYLES)}</style>
      </head>
      <body>
        {/* Keyboard and screen-reader users skip the header on every page (WCAG 2.4.1). */}
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href={paths.home()} aria-current={canonical === paths.home() ? "page" : undefined}>
            {site.title}
          </a>
          <nav aria-label="Site">
            {NAV.map((n) => (
              <a href={n.path} aria-current={canonical === n.path ? "page" : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>{site.description}</p>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page element to a complete HTML document. */
export function toDocument(page: unknown): string {
  return `<!doctype html>${String(page)}`;
}
