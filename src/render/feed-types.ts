// What a feed is made of, whatever its format: the renderers' input for site, topic and digest feeds.

export interface FeedPerson {
  name: string;
  uri?: string;
  email?: string;
}

export interface FeedCategory {
  /** Machine term, e.g. the topic slug. */
  term: string;
  /** Human label. */
  label: string;
  /** Absolute IRI of the vocabulary (the topic list). */
  scheme: string;
}

export interface FeedEntry {
  /** Stable id, a tag: URI. */
  id: string;
  title: string;
  /** Absolute URL of the entry's HTML page (alternate link). */
  link: string;
  /** Absolute URL of the original publication, if known (Atom rel="via"). */
  via?: string;
  /** RFC 3339 with offset. */
  published: string;
  updated: string;
  authors: FeedPerson[];
  categories: FeedCategory[];
  /** Plain text. */
  summary: string;
  /** Full HTML with absolute URLs; absent in archive documents, which carry summaries. */
  contentHtml?: string;
  /** The entry's picture, an absolute URL, with its alt text (Media RSS in Atom and RSS, `image` in JSON Feed). */
  image?: { url: string; alt: string };
}

/** RFC 5005 links between the documents of one feed. All absolute URLs of the same format. */
export interface FeedPaging {
  /** The subscription document (rel="current"), on archive documents. */
  current?: string;
  /** The previous (older) archive document (rel="prev-archive"). */
  prevArchive?: string;
  /** The next (newer) archive document (rel="next-archive"). */
  nextArchive?: string;
  /** True on an archive document: its contents will not change (fh:archive). */
  archive?: boolean;
  /** True on a subscription document that holds every entry of its feed, so it has no archives (fh:complete, RFC 5005 §2). */
  complete?: boolean;
}

export interface FeedDocument {
  /** Feed id, a tag: URI, the same in every format and page of the feed. */
  id: string;
  title: string;
  subtitle: string;
  /** BCP 47 language tag. */
  language: string;
  /** Absolute URL of this document (rel="self"). */
  self: string;
  /** Absolute URL of the HTML page the feed mirrors (rel="alternate"). */
  alternate: string;
  /** Absolute URLs of the same feed in the other formats (rel="alternate" with their type). */
  alternates?: { href: string; type: string }[];
  /** WebSub hub (rel="hub"), if configured. */
  hub?: string;
  author: FeedPerson;
  /** Absolute URL of the site's icon, if any. */
  icon?: string;
  /** RFC 3339: the newest entry's updated; for an empty feed, a fixed instant given by the caller. */
  updated: string;
  /** Entries newest first. */
  entries: FeedEntry[];
  paging?: FeedPaging;
}
