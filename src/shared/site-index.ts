// The index the build writes once per content version and the Worker keeps in memory.
import type { ArticleSummary, TopicCount } from "./article.js";
import type { SiteConfig } from "./site.js";

/** A response the build rendered: where its bytes are and the validators to answer with. */
export interface RenderedRoute {
  contentType: string;
  /** The hash naming the bytes in KV (blobKey). */
  blob: string;
  /** Strong validator of the bytes: the same hash, quoted (RFC 9110 §8.8.3). */
  etag: string;
  /** RFC 3339 instant the bytes were published (the index's publishedAt); sent as Last-Modified. */
  lastModified: string;
  /** Byte length of the body. */
  size: number;
}

/** A week with articles, newest first in the index. */
export interface WeekSummary {
  week: string;
  count: number;
  /** Article slugs in the week, newest first. */
  slugs: string[];
}

export interface SiteIndex {
  version: string;
  /**
   * When this version was built, RFC 3339 UTC: the Last-Modified of what it serves. Not the newest article's date:
   * a back-dated article changes a feed without changing its newest entry, and a reader asking If-Modified-Since
   * must not be told 304 then.
   */
  publishedAt: string;
  /**
   * A hash of the rendering code (src/render, src/shared). The Worker renders digests itself and stores them under
   * the version, so a change of that code alone must make a new version, or digests stored by the old code would stay.
   */
  renderer: string;
  site: SiteConfig;
  /** Newest first. */
  articles: ArticleSummary[];
  /** Most articles first, then by label. */
  topics: TopicCount[];
  /** Weeks that have articles, newest first. */
  weeks: WeekSummary[];
  /** Pre-rendered routes by path, e.g. "/feed.atom". */
  routes: Record<string, RenderedRoute>;
  /** Each article's full record (summary, body HTML, entities), by slug: the blob holding it. */
  records: Record<string, string>;
  /**
   * The newest 100 records of the site ("") and of each topic (its slug), newest first: the blob holding them. What a
   * feed with a non-default ?limit (at most 100) is rendered from, in one read, whatever the size of the archive.
   */
  recent: Record<string, string>;
}
