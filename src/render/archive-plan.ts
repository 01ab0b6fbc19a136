// Which RFC 5005 archive documents a feed has: each period's entries in pages of feedSize, counted from the oldest.
//
// Archived feeds (RFC 5005 §4, https://www.rfc-editor.org/rfc/rfc5005#section-4), partitioned by period so that a
// back-dated article changes the pages of its own period and no other; numbering from the newest, or across the whole
// feed, would renumber every page after it. The site's feed is partitioned by ISO week (2018-W29), a topic's by month
// (2018-07): a topic gets a few articles a week, and a document per week would be mostly its own head.
// - A finished period (one before `current`, the period the build runs in) has all its pages, the last one partial.
// - The period in progress has only its full pages. Its newer entries, fewer than a page, are in the subscription
//   document, which holds feedSize entries and links rel="prev-archive" to the newest page: the chain skips nothing.
// - No article is dated after the build, so there is no later period.
// A feed whose every entry fits in its subscription document has no archives: that document says it is complete
// (fh:complete, RFC 5005 §2). An archive document must link to another one (the W3C validator's ArchiveIncomplete),
// so when the rules above leave a single page, the period in progress publishes its partial page too.

/** An archive document: a period (an ISO week, 2018-W29, or a month, 2018-07) and the page within it (1 = its oldest). */
export interface ArchivePage {
  period: string;
  page: number;
}

export interface PlannedPage<T> extends ArchivePage {
  /** Its entries, newest first. */
  items: T[];
}

export interface ArchivePlan<T> {
  /** Oldest first. */
  pages: PlannedPage<T>[];
  /** Entries newer than the newest page: the subscription document must hold this many to reach back to it. */
  unarchived: number;
}

/** `items` newest first, split into pages of `size` by the period `periodOf` gives each. */
export function planArchive<T>(
  items: readonly T[],
  periodOf: (item: T) => string,
  size: number,
  current: string,
): ArchivePlan<T> {
  if (items.length <= size) return { pages: [], unarchived: items.length };
  const pages: PlannedPage<T>[] = [];
  let unarchived = 0;
  let tail: PlannedPage<T> | undefined;
  // A period at a time, oldest first: from the far end of the newest-first list.
  let end = items.length;
  while (end > 0) {
    const period = periodOf(items[end - 1] as T);
    let start = end - 1;
    while (start > 0 && periodOf(items[start - 1] as T) === period) start--;
    const oldestFirst = items.slice(start, end).reverse();
    const count = period < current ? Math.ceil(oldestFirst.length / size) : Math.floor(oldestFirst.length / size);
    for (let p = 0; p < count; p++)
      pages.push({ period, page: p + 1, items: oldestFirst.slice(p * size, (p + 1) * size).reverse() });
    if (period >= current) {
      unarchived += oldestFirst.length - count * size;
      tail = { period, page: count + 1, items: oldestFirst.slice(count * size).reverse() };
    }
    end = start;
  }
  if (pages.length === 1 && tail && tail.items.length > 0) return { pages: [...pages, tail], unarchived: 0 };
  return { pages, unarchived };
}
