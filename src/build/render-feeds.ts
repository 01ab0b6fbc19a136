// A scope's feeds: its subscription documents and its archive documents (RFC 5005), and the scope entry the Worker
// renders the rest from (any ?limit, an author's feeds).
import { type ArchivePage, type PlannedPage, planArchive } from "../render/archive-plan.js";
import { archiveFormatsOf, MAX_LIMIT, type NamedScope, prerenderedFormatsOf } from "../render/feed-documents.js";
import { weekOfInstant } from "../shared/isoweek.js";
import type { FeedFormat } from "../shared/routes.js";
import { localDate } from "../shared/time.js";
import type { ArticleInfo } from "./articles.js";
import type { ScopeDraft, SiteRenderer } from "./site-renderer.js";

/** Entries kept per scope for feeds rendered on request: as many as the largest ?limit. */
const RECENT = MAX_LIMIT;

/**
 * A scope's subscription documents in `prerenderedFormatsOf`'s formats and archive documents in `archiveFormatsOf`'s
 * (the site's archived by week, a topic's by month); returns what a feed rendered on request for it needs.
 */
export async function renderScopeFeeds(r: SiteRenderer, named: NamedScope, list: ArticleInfo[]): Promise<ScopeDraft> {
  const { site, options } = r;
  const formats = prerenderedFormatsOf(named.scope);
  const archiveFormats = archiveFormatsOf(named.scope);
  // The site's archive is by week, a topic's by month: the period the build's clock is in is never archived yet.
  const byWeek = named.scope.kind === "site";
  const current = byWeek
    ? weekOfInstant(options.now, site.timeZone)
    : localDate(options.now, site.timeZone).slice(0, 7);
  const plan =
    archiveFormats.length === 0
      ? { pages: [], unarchived: list.length }
      : planArchive(list, (a) => (byWeek ? a.summary.week : a.summary.date.slice(0, 7)), site.feedSize, current);
  const newest = list.slice(0, site.feedSize);
  const newestArchive = plan.pages.at(-1);
  const archive = newestArchive && { period: newestArchive.period, page: newestArchive.page };
  let entries: string[] | undefined;
  for (const format of formats) {
    const linked = archiveFormats.includes(format) ? archive : undefined;
    const inputs = ["feed", named, format, newest.map((a) => a.entry[0]), list.length, linked, plan.unarchived];
    // The entries are read from the store only when the memo does not have this document.
    const ref = r.memoized(inputs, () => {
      entries ??= newest.map((a) => options.store.getText(a.entry[0]));
      return r.renderUnmemoized({
        kind: "subscription",
        named,
        format,
        entries,
        total: list.length,
        ...(linked ? { newestArchive: linked } : {}),
        unarchived: plan.unarchived,
      });
    });
    await r.add({ kind: "feed", scope: named.scope, format }, ref);
  }
  await renderArchive(r, named, plan.pages, archiveFormats);
  return {
    ...(named.name === undefined ? {} : { name: named.name }),
    total: list.length,
    recent: list.slice(0, RECENT).map((a) => a.entry[0]),
    ...(archive ? { archive: [archive.period, archive.page] as [string, number] } : {}),
    unarchived: plan.unarchived,
  };
}

/** A scope's archive documents, each linked to the pages before and after it. */
async function renderArchive(
  r: SiteRenderer,
  named: NamedScope,
  pages: readonly PlannedPage<ArticleInfo>[],
  formats: readonly FeedFormat[],
): Promise<void> {
  const at = (p: ArchivePage | undefined): ArchivePage | undefined => p && { period: p.period, page: p.page };
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i] as PlannedPage<ArticleInfo>;
    const previous = at(pages[i - 1]);
    const next = at(pages[i + 1]);
    const items = page.items.map((a) => a.summary);
    for (const format of formats) {
      const ref = r.render({
        kind: "archive",
        named,
        format,
        page: { period: page.period, page: page.page },
        items,
        ...(previous ? { previous } : {}),
        ...(next ? { next } : {}),
      });
      await r.add({ kind: "archive", scope: named.scope, period: page.period, page: page.page, format }, ref);
    }
  }
}
