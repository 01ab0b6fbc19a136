// Links in article bodies to another article's address on the old site, rewritten to its page here: the Worker would
// answer them with 301, but a reader then follows one link instead of two, and feeds carry the address that lasts.
// The bodies are already stored (page and feed entry), so the stored bytes are patched, before the feeds are rendered.
import { gunzipSync } from "node:zlib";
import type { FeedEntry } from "../render/feed-types.js";
import { absolute, addressKey, parsePath } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import { mapUrlAttributes } from "../shared/url-attributes.js";
import type { ArticleInfo } from "./articles.js";
import type { SiteLink } from "./link-check.js";
import type { ValueStore } from "./value-store.js";

/**
 * The articles, with page and entry rewritten where the body links to an article's old address (`moved`: old
 * address key → the article's path here). A link that is one of this site's own routes is left alone.
 */
export function rewriteOldLinks(
  site: SiteConfig,
  articles: readonly ArticleInfo[],
  links: readonly SiteLink[],
  moved: Readonly<Record<string, string>>,
  store: ValueStore,
): ArticleInfo[] {
  const byFile = new Map<string, Map<string, string>>();
  for (const link of links) {
    const cut = link.path.search(/[?#]/);
    const [path, rest] = cut < 0 ? [link.path, ""] : [link.path.slice(0, cut), link.path.slice(cut)];
    const to = moved[addressKey(path)];
    if (!to?.startsWith("/articles/") || parsePath(path)) continue;
    const moves = byFile.get(link.file) ?? new Map<string, string>();
    byFile.set(link.file, moves);
    // The page has the path as the body wrote it; the feed entry has it absolute.
    moves.set(link.path, `${to}${rest}`);
    moves.set(absolute(site.origin, link.path), absolute(site.origin, `${to}${rest}`));
  }
  if (byFile.size === 0) return [...articles];
  return articles.map((a) => {
    const moves = byFile.get(a.file);
    if (!moves) return a;
    const page = store.putCompressed(
      mapUrlAttributes(gunzipSync(store.get(a.page[0])).toString("utf8"), (url) => moves.get(url)),
    );
    const entry = JSON.parse(store.getText(a.entry[0])) as FeedEntry;
    if (entry.contentHtml) entry.contentHtml = mapUrlAttributes(entry.contentHtml, (url) => moves.get(url));
    return { ...a, page, entry: store.put(JSON.stringify(entry)) };
  });
}
