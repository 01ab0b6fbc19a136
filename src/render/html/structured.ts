// Structured data for search engines and link previews (schema.org, as JSON-LD): a NewsArticle for an article page,
// a CollectionPage for a week's digest. https://schema.org/NewsArticle, https://schema.org/CollectionPage
import type { ArticleRecord, ArticleSummary } from "../../shared/article.js";
import { absolute, paths } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";

const CONTEXT = "https://schema.org";

/** The site as the publisher of its pages. */
function siteOrganization(site: SiteConfig) {
  return {
    "@type": "Organization",
    name: site.title,
    url: absolute(site.origin, paths.home()),
    logo: { "@type": "ImageObject", url: absolute(site.origin, paths.icon()) },
  };
}

/** An article's image as an absolute URL, resolved against its page. */
export function imageOf(site: SiteConfig, a: ArticleSummary): { url: string; alt: string } | undefined {
  if (!a.image) return undefined;
  return { url: new URL(a.image.src, absolute(site.origin, paths.article(a.slug))).href, alt: a.image.alt };
}

/**
 * An article page: the headline, dates, authors (the byline's people, else the original publisher), the site as
 * publisher of the page, and the original it is based on when its address is known.
 */
export function newsArticleData(site: SiteConfig, a: ArticleRecord) {
  const url = absolute(site.origin, paths.article(a.slug));
  const image = imageOf(site, a);
  return {
    "@context": CONTEXT,
    "@type": "NewsArticle",
    headline: a.title,
    description: a.summary,
    url,
    mainEntityOfPage: url,
    datePublished: a.published,
    dateModified: a.updated,
    inLanguage: site.language,
    wordCount: a.wordCount,
    author: a.byline
      ? a.authors.map((name) => ({ "@type": "Person", name }))
      : [{ "@type": "Organization", name: a.publisher }],
    publisher: siteOrganization(site),
    ...(a.topics.length > 0 ? { keywords: a.topics.map((t) => t.label).join(", ") } : {}),
    ...(image
      ? { image: { "@type": "ImageObject", url: image.url, ...(image.alt ? { caption: image.alt } : {}) } }
      : {}),
    ...(a.url ? { isBasedOn: a.url } : {}),
  };
}

/** A week's digest page: a collection of the week's articles. */
export function digestPageData(
  site: SiteConfig,
  page: { name: string; description: string; path: string; updated: string },
  articles: readonly ArticleSummary[],
) {
  return {
    "@context": CONTEXT,
    "@type": "CollectionPage",
    name: page.name,
    description: page.description,
    url: absolute(site.origin, page.path),
    dateModified: page.updated,
    inLanguage: site.language,
    publisher: siteOrganization(site),
    hasPart: articles.map((a) => ({
      "@type": "NewsArticle",
      headline: a.title,
      url: absolute(site.origin, paths.article(a.slug)),
      datePublished: a.published,
    })),
  };
}
