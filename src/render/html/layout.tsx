/** @jsxImportSource hono/jsx */
// The shell every HTML page shares: head with canonical and feed autodiscovery links, header, footer, inline CSS.

import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { absolute, paths, SITE } from "../../shared/routes.js";
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

export interface LayoutProps {
  site: SiteConfig;
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
  { path: paths.feed(SITE, "atom"), label: "Atom feed" },
];

export function Layout({ site, title, canonical, description, feeds, children }: LayoutProps) {
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
