// The site's and every topic's feeds in three formats, their RFC 5005 archives and /topics.opml: what the build pre-renders.
import type { ArticleRecord, TopicCount } from "../shared/article.js";
import { absolute, FEED_FORMATS, type FeedFormat, feedType, paths } from "../shared/paths.js";
import type { SiteConfig } from "../shared/site.js";
import { httpDate, rfc3339, zonedInstant } from "../shared/time.js";
import { articleEntry, type FeedScope, feedId } from "./entries.js";
import type { FeedDocument } from "./feed-types.js";
import { renderFeedFile } from "./feeds.js";
import { OPML_TYPE, type OpmlOutline, renderOpml } from "./opml.js";
import type { RenderedFile } from "./rendered.js";

/*
 * History: RFC 5005 §4 archived feeds (https://www.rfc-editor.org/rfc/rfc5005#section-4), not §3 paged feeds.
 * Paged feeds number pages from the newest, so every page changes whenever an article is published; archived feeds
 * promise a reader that the whole feed can be rebuilt (§4.2) and let each archive document be cached for good.
 * - Archive document n holds articles n·P-P+1 … n·P counting from the OLDEST (P = site.feedSize), so a full page
 *   never changes when articles are added; only full pages are published, at archivePath(scope, n, format).
 * - The subscription document (/feed.atom …) holds the newest P articles, which always include the ones not yet on
 *   a full page, and links rel="prev-archive" to the newest archive document.
 * - Archive documents carry fh:archive, rel="current" (the subscription document) and prev-archive/next-archive.
 * - JSON Feed has no archives: its documents chain with next_url (JSON Feed 1.1 pagination) along the same documents.
 * Changing feedSize renumbers the archives, and a back-dated article (older than the newest archive page) shifts
 * every page from where it lands: the RFC asks publishers not to change archives; Dispatch accepts it for those two.
 * A ?limit=N document links the archives only when it reaches back to them, so the chain never skips an entry.
 */

/** Public path of archive document `n` (1 = oldest) of a feed. */
export function archivePath(scope: FeedScope, n: number, format: FeedFormat): string {
  const base = scope.kind === "site" ? "/feed" : `/topics/${scope.topic.slug}/feed`;
  return `${base}/archive/${n}.${format}`;
}

/** Public path of a feed's subscription document. */
export function subscriptionPath(scope: FeedScope, format: FeedFormat): string {
  return scope.kind === "site" ? paths.feed(format) : paths.topicFeed(scope.topic.slug, format);
}

export { renderFeed } from "./feeds.js";

export const MAX_LIMIT = 100;

export interface FeedRequest {
  site: SiteConfig;
  scope: FeedScope;
  /** Every article, newest first; a topic feed picks its own. */
  articles: ArticleRecord[];
  format: FeedFormat;
  /** Entries in the subscription document, 1…100; site.feedSize when absent. */
  limit?: number;
  /** The scope's article count, when `articles` holds only its newest (the Worker renders from the newest 100). */
  total?: number;
}

const inScope = (scope: FeedScope, articles: ArticleRecord[]) =>
  scope.kind === "site" ? articles : articles.filter((a) => a.topics.some((t) => t.slug === scope.topic.slug));

/** The feed's updated: the newest entry's; for an empty feed, the start of the idAuthority's date (fixed, RFC 4151). */
function newest(site: SiteConfig, entries: { updated: string }[]): string {
  let best: string | undefined;
  for (const e of entries) if (best === undefined || Date.parse(e.updated) > Date.parse(best)) best = e.updated;
  if (best !== undefined) return best;
  const date = (site.idAuthority.split(",")[1] ?? "2000").padEnd(10, "-01").slice(0, 10);
  return rfc3339(zonedInstant(date, site.timeZone), site.timeZone);
}

/** What every document of a feed shares, whatever its page and format. */
function feedHead(site: SiteConfig, scope: FeedScope) {
  const topic = scope.kind === "topic" ? scope.topic : undefined;
  return {
    id: feedId(site, scope),
    title: topic ? `${site.title}: ${topic.label}` : site.title,
    subtitle: topic ? `Articles on ${topic.label} from ${site.title}.` : site.description,
    language: site.language,
    alternate: absolute(site.origin, topic ? paths.topic(topic.slug) : paths.home()),
    hub: site.hub || undefined,
    author: site.author,
    icon: absolute(site.origin, paths.icon()),
  };
}

/** The other formats of the same document, for rel="alternate" links. */
const twins = (format: FeedFormat, url: (f: FeedFormat) => string) =>
  FEED_FORMATS.filter((f) => f !== format).map((f) => ({ href: url(f), type: feedType(f) }));

const archiveCount = (site: SiteConfig, total: number) => Math.floor(total / site.feedSize);

/** A feed's subscription document, with the newest `limit` entries: what the Worker renders for ?limit=N. */
export function feedDocument({
  site,
  scope,
  articles,
  format,
  limit = site.feedSize,
  total,
}: FeedRequest): FeedDocument {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}, not ${limit}`);
  const all = inScope(scope, articles);
  const query = limit === site.feedSize ? "" : `?limit=${limit}`;
  const url = (f: FeedFormat) => absolute(site.origin, subscriptionPath(scope, f)) + query;
  const entries = all.slice(0, limit).map((a) => articleEntry(site, a));
  const count = total ?? all.length;
  const pages = archiveCount(site, count);
  const unarchived = count - pages * site.feedSize;
  // Link the archives only when this document reaches back to them, so following the chain skips no entry (§4.2).
  const prevArchive =
    pages > 0 && limit >= unarchived ? absolute(site.origin, archivePath(scope, pages, format)) : undefined;
  return {
    ...feedHead(site, scope),
    self: url(format),
    alternates: twins(format, url),
    updated: newest(site, entries),
    entries,
    paging: prevArchive ? { prevArchive } : undefined,
  };
}

/** Archive document `n` (1 = oldest) of a feed: a full page, stable once published (RFC 5005 §4). */
export function archiveDocument(req: Omit<FeedRequest, "limit"> & { n: number }): FeedDocument {
  const { site, scope, articles, format, n } = req;
  const all = inScope(scope, articles);
  const pages = archiveCount(site, all.length);
  if (!Number.isInteger(n) || n < 1 || n > pages) throw new RangeError(`no archive document ${n}: there are ${pages}`);
  const oldestFirst = all.slice().reverse();
  const entries = oldestFirst
    .slice((n - 1) * site.feedSize, n * site.feedSize)
    .reverse()
    .map((a) => articleEntry(site, a));
  const at = (page: number, f = format) => absolute(site.origin, archivePath(scope, page, f));
  return {
    ...feedHead(site, scope),
    self: at(n),
    alternates: twins(format, (f) => at(n, f)),
    updated: newest(site, entries),
    entries,
    paging: {
      archive: true,
      current: absolute(site.origin, subscriptionPath(scope, format)),
      prevArchive: n > 1 ? at(n - 1) : undefined,
      nextArchive: n < pages ? at(n + 1) : undefined,
    },
  };
}

/** Every feed Dispatch serves, once each, in Atom (a reader importing the list would subscribe to every format listed). */
function opmlOutlines(site: SiteConfig, topics: TopicCount[]): OpmlOutline[] {
  const url = (path: string) => absolute(site.origin, path);
  return [
    { text: site.title, description: site.description, xmlUrl: url(paths.feed("atom")), htmlUrl: url(paths.home()) },
    {
      text: `${site.title}: weekly digest`,
      xmlUrl: url(paths.digestFeed("atom")),
      htmlUrl: url(paths.digest()),
    },
    {
      text: "Topics",
      children: topics.flatMap((t) => [
        {
          text: `${site.title}: ${t.label}`,
          xmlUrl: url(paths.topicFeed(t.slug, "atom")),
          htmlUrl: url(paths.topic(t.slug)),
        },
        {
          text: `${site.title}: ${t.label}, weekly digest`,
          xmlUrl: url(paths.topicDigestFeed(t.slug, "atom")),
          htmlUrl: url(paths.topic(t.slug)),
        },
      ]),
    },
  ];
}

export interface SiteFeedsInput {
  site: SiteConfig;
  /** Newest first. */
  articles: ArticleRecord[];
  topics: TopicCount[];
}

/** The subscription and archive documents of the site feed and of every topic feed, in all formats, and /topics.opml. */
export function renderSiteFeeds({ site, articles, topics }: SiteFeedsInput): RenderedFile[] {
  const scopes: FeedScope[] = [{ kind: "site" }, ...topics.map((topic) => ({ kind: "topic" as const, topic }))];
  const files: RenderedFile[] = [];
  for (const scope of scopes) {
    const pages = archiveCount(site, inScope(scope, articles).length);
    for (const format of FEED_FORMATS) {
      files.push(
        renderFeedFile(subscriptionPath(scope, format), format, feedDocument({ site, scope, articles, format })),
      );
      for (let n = 1; n <= pages; n++) {
        const doc = archiveDocument({ site, scope, articles, format, n });
        files.push(renderFeedFile(archivePath(scope, n, format), format, doc));
      }
    }
  }
  const lastModified = newest(site, articles);
  const opml = renderOpml({
    title: `${site.title} feeds`,
    dateModified: httpDate(Date.parse(lastModified)),
    ownerName: site.author.name,
    ownerId: site.author.uri ?? site.origin,
    outlines: opmlOutlines(site, topics),
  });
  files.push({ path: paths.opml(), contentType: OPML_TYPE, body: opml });
  return files;
}
