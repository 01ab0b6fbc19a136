// Sitemaps (https://www.sitemaps.org/protocol.html) and robots.txt (RFC 9309): every page a search engine should
// know, by year, with the date its content last changed; a sitemap index naming the files.
import { escapeMarkup } from "../shared/escape.js";
import { absolute, pathOf } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import { latestInstant } from "../shared/time.js";

/** The protocol's limits for one file: 50,000 URLs and 50 MB uncompressed. */
const SITEMAP_MAX_URLS = 50_000;

export interface SitemapUrl {
  /** A path on the site. */
  path: string;
  /** W3C Datetime (RFC 3339 is one): when the page's content last changed. */
  lastmod: string;
}

export interface SitemapFile {
  year: number;
  part: number;
  urls: SitemapUrl[];
}

/**
 * The files of a site's sitemap: a year's URLs in one file, or in parts of `max` when it has more. Pages that belong
 * to no year (home, topics, authors, the digest) go in the newest year's file, or in `emptyYear`'s (the build's year)
 * when no page has a year. Years newest first.
 */
export function sitemapFiles(
  byYear: Map<number, SitemapUrl[]>,
  undated: SitemapUrl[],
  emptyYear: number,
  max = SITEMAP_MAX_URLS,
): SitemapFile[] {
  const years = [...byYear.keys()].sort((a, b) => b - a);
  if (years.length === 0) years.push(emptyYear);
  const files: SitemapFile[] = [];
  for (const [i, year] of years.entries()) {
    const urls = [...(i === 0 ? undated : []), ...(byYear.get(year) ?? [])];
    for (let start = 0, part = 1; start < urls.length || part === 1; start += max, part++)
      files.push({ year, part, urls: urls.slice(start, start + max) });
  }
  return files;
}

const newest = (urls: readonly SitemapUrl[]) => latestInstant(urls.map((u) => u.lastmod)) ?? "";

export function renderSitemap(site: SiteConfig, urls: readonly SitemapUrl[]): string {
  const body = urls
    .map((u) => `<url><loc>${escapeMarkup(absolute(site.origin, u.path))}</loc><lastmod>${u.lastmod}</lastmod></url>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

export function renderSitemapIndex(site: SiteConfig, files: readonly SitemapFile[]): string {
  const body = files
    .map((f) => {
      const loc = absolute(site.origin, pathOf({ kind: "sitemap", year: f.year, part: f.part }));
      const lastmod = newest(f.urls);
      return `<sitemap><loc>${escapeMarkup(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ""}</sitemap>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</sitemapindex>\n`;
}

/** Everything is public; the sitemap says where it all is. */
export function renderRobots(site: SiteConfig): string {
  return `# ${site.title}: every page and feed here is public.\nUser-agent: *\nAllow: /\n\nSitemap: ${absolute(site.origin, pathOf({ kind: "sitemap-index" }))}\n`;
}
