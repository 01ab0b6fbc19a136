// The documents of a feed (the site's, a topic's or an author's) as format-neutral FeedDocuments: the subscription
// document with the newest entries, and the RFC 5005 archive documents planned by archive-plan.ts.
import { feedId } from "../shared/ids.js";
import { absolute, FEED_FORMATS, type FeedFormat, feedType, pathOf, type Scope } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import { latestInstant, rfc3339, zonedInstant } from "../shared/time.js";
import type { ArchivePage } from "./archive-plan.js";
import type { FeedDocument, FeedEntry } from "./feed-types.js";

/** A scope with the name its feed goes by: a topic's label, an author's name. */
export interface NamedScope {
  scope: Scope;
  /** Absent for the site. */
  name?: string;
}

export const MAX_LIMIT = 100;

/**
 * The formats a scope's subscription documents are pre-rendered in at the site's feed size: every one for the site and
 * topics; none for an author, whose feeds are many and seldom read, so the Worker renders them on request from the
 * stored entries. The build and the Worker both read this one policy.
 */
export function prerenderedFormatsOf(scope: Scope): readonly FeedFormat[] {
  return scope.kind === "author" ? [] : FEED_FORMATS;
}

/**
 * The formats a scope's feed has RFC 5005 archives in: the site's in all three; a topic's in Atom, whose extension
 * RFC 5005 is (archives are most of a topic's bytes, and readers that walk archives read Atom); an author's in none.
 */
export function archiveFormatsOf(scope: Scope): readonly FeedFormat[] {
  return scope.kind === "site" ? FEED_FORMATS : scope.kind === "topic" ? ["atom"] : [];
}

/**
 * `updated` of a feed document: the newest of its entries', or for a feed with none (yet) a fixed instant, so the
 * same content gives the same bytes: the start of the idAuthority's date (RFC 4151), when the site's ids began.
 */
export function newestUpdated(site: SiteConfig, entries: readonly { updated: string }[]): string {
  const best = latestInstant(entries.map((e) => e.updated));
  if (best !== undefined) return best;
  const date = (site.idAuthority.split(",")[1] ?? "2000").padEnd(10, "-01").slice(0, 10);
  return rfc3339(zonedInstant(date, site.timeZone), site.timeZone);
}

/** What every document of a feed shares, whatever its page and format. */
function feedHead(site: SiteConfig, { scope, name }: NamedScope) {
  const url = (path: string) => absolute(site.origin, path);
  const base = {
    id: feedId(site.idAuthority, scope),
    language: site.language,
    hub: site.hub || undefined,
    author: site.author,
    icon: url(pathOf({ kind: "icon" })),
  };
  if (scope.kind === "site")
    return { ...base, title: site.title, subtitle: site.description, alternate: url(pathOf({ kind: "home" })) };
  const label = name ?? scope.slug;
  return {
    ...base,
    title: `${site.title}: ${label}`,
    subtitle:
      scope.kind === "topic" ? `Articles on ${label} from ${site.title}.` : `Articles by ${label} in ${site.title}.`,
    alternate: url(pathOf({ kind: scope.kind, slug: scope.slug })),
  };
}

/** The same document in the other formats, for rel="alternate" links. */
export const twins = (format: FeedFormat, url: (f: FeedFormat) => string) =>
  FEED_FORMATS.filter((f) => f !== format).map((f) => ({ href: url(f), type: feedType(f) }));

export interface SubscriptionInput {
  site: SiteConfig;
  named: NamedScope;
  format: FeedFormat;
  /** The newest entries of the scope, newest first: `limit` of them, or all when there are fewer. */
  entries: FeedEntry[];
  /** Entries asked for with ?limit; site.feedSize when absent. */
  limit?: number;
  /** Every entry of the scope. */
  total: number;
  /** The scope's newest archive document, if it has archives. */
  newestArchive?: ArchivePage;
  /** Entries newer than the newest archive document (see archive-plan.ts). */
  unarchived: number;
}

/** A feed's subscription document: what readers poll, and what the Worker renders for ?limit=N. */
export function subscriptionDocument(input: SubscriptionInput): FeedDocument {
  const { site, named, format, entries, total, newestArchive, unarchived } = input;
  const limit = input.limit ?? site.feedSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}, not ${limit}`);
  const query = limit === site.feedSize ? "" : `?limit=${limit}`;
  const url = (f: FeedFormat) => absolute(site.origin, pathOf({ kind: "feed", scope: named.scope, format: f })) + query;
  const shown = entries.slice(0, limit);
  // Link the archives only when this document reaches back to them, so following the chain skips no entry (§4.2).
  const prevArchive =
    newestArchive && limit >= unarchived
      ? absolute(site.origin, pathOf({ kind: "archive", scope: named.scope, ...newestArchive, format }))
      : undefined;
  const complete = !newestArchive && shown.length === total;
  return {
    ...feedHead(site, named),
    self: url(format),
    alternates: twins(format, url),
    updated: newestUpdated(site, shown),
    entries: shown,
    paging: prevArchive ? { prevArchive } : complete ? { complete: true } : undefined,
  };
}

export interface ArchiveInput {
  site: SiteConfig;
  named: NamedScope;
  format: FeedFormat;
  page: ArchivePage;
  /** The page's entries, newest first. */
  entries: FeedEntry[];
  /** The archive documents before and after it, if any. */
  previous?: ArchivePage;
  next?: ArchivePage;
}

/** An archive document (RFC 5005 §4): a page of one period's entries, with links along the chain and to the current document. */
export function archiveDocument({ site, named, format, page, entries, previous, next }: ArchiveInput): FeedDocument {
  const at = (p: ArchivePage, f = format) =>
    absolute(site.origin, pathOf({ kind: "archive", scope: named.scope, ...p, format: f }));
  return {
    ...feedHead(site, named),
    self: at(page),
    alternates: twins(format, (f) => at(page, f)),
    updated: newestUpdated(site, entries),
    entries,
    paging: {
      archive: true,
      current: absolute(site.origin, pathOf({ kind: "feed", scope: named.scope, format })),
      prevArchive: previous ? at(previous) : undefined,
      nextArchive: next ? at(next) : undefined,
    },
  };
}
