// The addresses a moved archive had on its old site, each answered with 301 to its page here: an article's `aliases`
// or `redirect_from` (its oldPaths), its address under site.yaml's `permalinks`, and the feed addresses blogs used, so a reader's subscription follows
// (readers update a subscription on a permanent redirect only, https://www.rfc-editor.org/rfc/rfc9110#section-15.4.2).
import type { Problem } from "../content/problems.js";
import { addressKey, paths } from "../shared/routes.js";
import type { ArticleInfo } from "./articles.js";
import { permalinkOf } from "./permalinks.js";

/** Feed addresses of Jekyll (jekyll-feed), Hugo, WordPress and others, and the feed of this site each one becomes. */
const OLD_FEEDS: Readonly<Record<string, string>> = {
  "/feed.xml": "/feed.atom",
  "/atom.xml": "/feed.atom",
  "/index.xml": "/feed.rss",
  "/rss.xml": "/feed.rss",
  "/rss": "/feed.rss",
  "/feed": "/feed.atom",
  "/feed/atom": "/feed.atom",
  "/feed/rss": "/feed.rss",
};

/**
 * Old address → path here, for every article's old paths and the common feed addresses. A path this site serves
 * itself is never redirected; two articles claiming one old address is a problem in each file.
 */
export function oldAddresses(
  articles: readonly ArticleInfo[],
  served: ReadonlySet<string>,
  permalinks: { patterns: readonly string[]; contentPrefix: string } = { patterns: [], contentPrefix: "" },
): { redirects: Record<string, string>; problems: Problem[] } {
  const redirects: Record<string, string> = {};
  const claimedBy = new Map<string, ArticleInfo>();
  const problems: Problem[] = [];
  for (const [old, target] of Object.entries(OLD_FEEDS)) if (!served.has(old)) redirects[old] = target;
  // The old scheme's addresses come first, so an article's own aliases win over them, and yield to any other claim.
  for (const a of articles) {
    const rel = a.file.slice(permalinks.contentPrefix.length);
    for (const pattern of permalinks.patterns) {
      const old = permalinkOf(pattern, { summary: a.summary, rel });
      if (old && !served.has(addressKey(old))) redirects[addressKey(old)] = paths.article(a.summary.slug);
    }
  }
  for (const a of articles)
    for (const old of a.summary.oldPaths ?? []) {
      const key = addressKey(old);
      const other = claimedBy.get(key);
      if (other && other !== a) {
        for (const [x, y] of [
          [a, other],
          [other, a],
        ] as const)
          problems.push({
            file: x.file,
            line: 1,
            field: "aliases",
            message: `old address ${key} is also claimed by ${y.file}; give it to one article`,
          });
        continue;
      }
      claimedBy.set(key, a);
      if (!served.has(key)) redirects[key] = paths.article(a.summary.slug);
    }
  return { redirects, problems };
}
