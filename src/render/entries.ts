// An article as a feed entry, and the tag: URIs that name Dispatch's feeds.

import type { ArticleRecord, Topic } from "../shared/article.js";
import { escapeMarkup, unescapeMarkup } from "../shared/escape.js";
import { absolute, paths } from "../shared/paths.js";
import type { SiteConfig } from "../shared/site.js";
import type { FeedEntry } from "./feed-types.js";

/** Which articles a feed holds: all of them, or one topic's. */
export type FeedScope = { kind: "site" } | { kind: "topic"; topic: Topic };

/**
 * A tag: URI (RFC 4151) under the site's idAuthority. Ids never contain the origin, so moving the site to another
 * domain changes no id and readers do not show every entry again (RFC 4287 §4.2.6).
 */
export const tagUri = (site: SiteConfig, specific: string): string => `tag:${site.idAuthority}:${specific}`;

/** The atom:id of a feed, shared by its three formats and all its archive documents. */
export const feedId = (site: SiteConfig, scope: FeedScope): string =>
  tagUri(site, scope.kind === "site" ? "feed" : `topic/${scope.topic.slug}`);

/**
 * Article HTML as feed content: every relative href/src resolved against `base`, the article page the HTML belongs
 * to, since a feed reader has no base URL for it (the W3C validator flags relative URLs in content). The HTML was
 * sanitised by the build (src/build/markdown.ts), whose serialiser writes every attribute double-quoted, so a pattern
 * over attributes is exact here; keeping an HTML sanitiser out of this module keeps it out of the Worker's bundle.
 */
export function feedHtml(html: string, base: string): string {
  return html.replace(/<[a-z][a-z0-9]*\s[^>]*>/gi, (tag) =>
    tag.replace(/(\s)(href|src)="([^"]*)"/gi, (_, space: string, name: string, value: string) => {
      try {
        return `${space}${name}="${escapeMarkup(new URL(unescapeMarkup(value), base).href)}"`;
      } catch {
        return "";
      }
    }),
  );
}

// An article shows up in the site feed, its topics' feeds and archive pages, in three formats: make its entry once.
const made = new WeakMap<ArticleRecord, { site: SiteConfig; entry: FeedEntry }>();

/** The feed entry of an article: its page as the alternate link, the original as `via`, byline or publisher as authors. */
export function articleEntry(site: SiteConfig, a: ArticleRecord): FeedEntry {
  const hit = made.get(a);
  if (hit?.site === site) return hit.entry;
  const entry = makeEntry(site, a);
  made.set(a, { site, entry });
  return entry;
}

function makeEntry(site: SiteConfig, a: ArticleRecord): FeedEntry {
  const link = absolute(site.origin, paths.article(a.slug));
  const scheme = absolute(site.origin, paths.topics());
  const byline = a.authors.map((n) => n.trim()).filter(Boolean);
  const names = byline.length ? byline : [a.publisher.trim() || site.author.name];
  return {
    id: a.id,
    title: a.title,
    link,
    via: a.url,
    published: a.published,
    updated: a.updated,
    authors: names.map((name) => ({ name })),
    categories: a.topics.map((t) => ({ term: t.slug, label: t.label, scheme })),
    summary: a.summary,
    contentHtml: feedHtml(a.html, link),
  };
}
