// The article record the build writes and the Worker and renderers read.

/** A topic as a slug (in URLs) and a label (on pages and in feed categories). */
export interface Topic {
  slug: string;
  label: string;
}

/** Facts of an article that may be estimated or unconfirmed. */
export type Unconfirmable = "byline" | "date" | "url";

/** What the index holds of each article: enough for lists, feeds' metadata and the digest, without the body. */
export interface ArticleSummary {
  slug: string;
  /** Stable entry id, a tag: URI (RFC 4151) from the site's idAuthority, the date and the slug. */
  id: string;
  title: string;
  /** RFC 3339 with the site time zone's offset, e.g. 2018-07-16T00:00:00-04:00. */
  published: string;
  updated: string;
  /** Calendar date in the site's time zone, YYYY-MM-DD. */
  date: string;
  /** ISO week of `date`, e.g. 2018-W29. */
  week: string;
  publisher: string;
  /** Byline as printed; absent when unknown. */
  byline?: string;
  /** Author names for feeds and author pages: the byline split on "and", "&" and commas, else the publisher. */
  authors: string[];
  /** Link to the original, as the WHATWG URL serialiser writes it; absent when unknown. */
  url?: string;
  /** The entry's picture: front matter `image` (an absolute URL or a path on the site), else a Markdown body's first. */
  image?: { src: string; alt: string };
  /** Shown by `npm start`, never published by `npm run deploy`. */
  draft?: boolean;
  /** Paths the article had on the site it was moved from (`aliases`, `redirect_from`): each answers 301 to its page. */
  oldPaths?: string[];
  /**
   * The facts above that are estimated or not confirmed against the original (front matter `unconfirmed:`); pages
   * and digests say so beside them. Absent when every fact is confirmed.
   */
  unconfirmed?: Unconfirmable[];
  topics: Topic[];
  /** True when the topics were derived by the build, not given by the front matter. */
  topicsDerived: boolean;
  /** One to three whole sentences, under 300 characters, plain text. */
  summary: string;
  wordCount: number;
  readingMinutes: number;
}

/** A full article: the summary plus its cleaned body as sanitised HTML (relative URLs allowed). */
export interface ArticleRecord extends ArticleSummary {
  html: string;
}

/** A topic with the number of articles filed under it. */
export interface TopicCount extends Topic {
  count: number;
}

/**
 * An author, or a publisher standing in for an unknown byline, with their article count. Names that give the same
 * slug ("Jane Doe", "jane doe") are one author; the name shown is the one their newest article spells.
 */
export interface AuthorCount {
  slug: string;
  name: string;
  count: number;
}
