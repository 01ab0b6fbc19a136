// An article as a feed entry: in full for subscription documents, as its summary for archive documents.

import type { ArticleRecord, ArticleSummary } from "../shared/article.js";
import { watchUrl } from "../shared/embeds.js";
import { escapeMarkup, unescapeMarkup } from "../shared/escape.js";
import { absolute, paths } from "../shared/routes.js";
import { authorUrlOf, type SiteConfig } from "../shared/site.js";
import { mapUrlAttributes } from "../shared/url-attributes.js";
import type { FeedEntry } from "./feed-types.js";

/**
 * Article HTML as feed content: every relative href/src resolved against `base`, the article page the HTML belongs
 * to, since a feed reader has no base URL for it (the W3C validator flags relative URLs in content). The HTML was
 * sanitised by the build (src/content/markdown.ts).
 */
export function feedHtml(html: string, base: string): string {
  return mapUrlAttributes(
    videosAsLinks(html),
    (url) => {
      try {
        return new URL(url, base).href;
      } catch {
        return null;
      }
    },
    true,
  );
}

/** Each video frame as a link to the video's page: feed readers drop frames (the W3C validator flags them). */
function videosAsLinks(html: string): string {
  return html.replace(/<iframe\s[^>]*\bsrc="([^"]*)"[^>]*><\/iframe>/g, (_frame, src: string) => {
    const url = watchUrl(unescapeMarkup(src));
    return url ? `<p><a href="${escapeMarkup(url)}">Watch the video</a></p>` : "";
  });
}

/**
 * The feed entry of an article without its body: its page as the alternate link, the original as `via`, byline or
 * publisher as authors, the summary. What archive documents carry: the full text is one click away.
 */
export function summaryEntry(site: SiteConfig, a: ArticleSummary): FeedEntry {
  const link = absolute(site.origin, paths.article(a.slug));
  const scheme = absolute(site.origin, paths.topics());
  const byline = a.authors.map((n) => n.trim()).filter(Boolean);
  const names = byline.length ? byline : [a.publisher.trim() || site.author.name];
  return {
    id: a.id,
    title: a.title,
    link,
    ...(a.url ? { via: a.url } : {}),
    published: a.published,
    updated: a.updated,
    authors: names.map((name) => {
      const uri = authorUrlOf(site, name);
      return uri ? { name, uri } : { name };
    }),
    categories: a.topics.map((t) => ({ term: t.slug, label: t.label, scheme })),
    summary: a.summary,
    ...(a.image ? { image: { url: new URL(a.image.src, link).href, alt: a.image.alt } } : {}),
  };
}

/** The feed entry of an article with its full HTML: what subscription documents carry. */
export function articleEntry(site: SiteConfig, a: ArticleRecord): FeedEntry {
  const entry = summaryEntry(site, a);
  return { ...entry, contentHtml: feedHtml(a.html, entry.link) };
}
