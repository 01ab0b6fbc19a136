// Links in article bodies to another article's address on the old site, rewritten to its page here: the Worker would
// answer them with 301, but a reader then follows one link instead of two, and feeds carry the address that lasts.
// The bodies are already stored (page and feed entry), so the stored bytes are patched, before the feeds are rendered.
import { gunzipSync } from "node:zlib";
import type { FeedEntry } from "../render/feed-types.js";
import { escapeMarkup } from "../shared/escape.js";
import { absolute, addressKey, parsePath } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import type { ArticleInfo } from "./articles.js";
import type { SiteLink } from "./link-check.js";
import type { ValueStore } from "./value-store.js";

/**
 * `href="old"` → `href="new"` for each pair, in the attributes of links and pictures exactly as the sanitiser wrote
 * them; never in text, where a code sample may show the same attribute.
 */
function replaceAttributes(html: string, moves: ReadonlyMap<string, string>): string {
  return html.replace(/<(?:a|img)\s[^>]*>/g, (tag) =>
    tag.replace(/(\s(?:href|src)=")([^"]*)"/g, (whole, head: string, value: string) => {
      const to = moves.get(value);
      return to === undefined ? whole : `${head}${to}"`;
    }),
  );
}

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
    moves.set(escapeMarkup(link.path), escapeMarkup(`${to}${rest}`));
    moves.set(escapeMarkup(absolute(site.origin, link.path)), escapeMarkup(absolute(site.origin, `${to}${rest}`)));
  }
  if (byFile.size === 0) return [...articles];
  return articles.map((a) => {
    const moves = byFile.get(a.file);
    if (!moves) return a;
    const page = store.putCompressed(replaceAttributes(gunzipSync(store.get(a.page[0])).toString("utf8"), moves));
    const entry = JSON.parse(store.getText(a.entry[0])) as FeedEntry;
    if (entry.contentHtml) entry.contentHtml = replaceAttributes(entry.contentHtml, moves);
    return { ...a, page, entry: store.put(JSON.stringify(entry)) };
  });
}
