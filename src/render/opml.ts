// OPML 2.0 subscription lists (http://opml.org/spec2.opml), for importing Dispatch's feeds into a reader at once.
import type { AuthorCount, TopicCount } from "../shared/article.js";
import { escapeMarkup, xmlSafe } from "../shared/escape.js";
import { absolute, authorScope, paths, SITE, topicScope } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import { httpDate } from "../shared/time.js";

interface OpmlOutline {
  /** Shown by readers; required on every outline (OPML 2.0, "Attributes of <outline>"). */
  text: string;
  /** A subscription: absolute URL of the feed; outlines with xmlUrl are type="rss" whatever the feed's format. */
  xmlUrl?: string;
  htmlUrl?: string;
  description?: string;
  /** A folder of outlines. */
  children?: OpmlOutline[];
}

interface OpmlDocument {
  title: string;
  /** RFC 822 date-time, as OPML 2.0 asks; omitted when absent. */
  dateModified?: string;
  ownerName?: string;
  /** http address where the owner can be reached. */
  ownerId?: string;
  outlines: OpmlOutline[];
}

const attrs = (a: Record<string, string | undefined>) =>
  Object.entries(a)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeMarkup(xmlSafe(v))}"`)
    .join("");

const text = (name: string, value: string | undefined) =>
  value === undefined ? "" : `\n    <${name}>${escapeMarkup(xmlSafe(value))}</${name}>`;

function outline(o: OpmlOutline, depth: number): string {
  const pad = "  ".repeat(depth);
  const a = attrs({
    type: o.xmlUrl ? "rss" : undefined,
    text: o.text,
    title: o.xmlUrl ? o.text : undefined,
    xmlUrl: o.xmlUrl,
    htmlUrl: o.htmlUrl,
    description: o.description,
  });
  if (!o.children?.length) return `\n${pad}<outline${a}/>`;
  return `\n${pad}<outline${a}>${o.children.map((c) => outline(c, depth + 1)).join("")}\n${pad}</outline>`;
}

function renderOpml(doc: OpmlDocument): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>` +
    text("title", doc.title) +
    text("dateModified", doc.dateModified) +
    text("ownerName", doc.ownerName) +
    text("ownerId", doc.ownerId) +
    text("docs", "http://opml.org/spec2.opml") +
    `\n  </head>\n  <body>${doc.outlines.map((o) => outline(o, 2)).join("")}\n  </body>\n</opml>\n`
  );
}

/**
 * The OPML list of every feed Dispatch serves, once each, in Atom (a reader importing it would subscribe to every
 * format listed): the site's, the digest's, and each topic's and author's.
 */
export function renderSiteOpml(
  site: SiteConfig,
  topics: TopicCount[],
  authors: AuthorCount[],
  modified: string,
): string {
  const url = (path: string) => absolute(site.origin, path);
  return renderOpml({
    title: `${site.title} feeds`,
    dateModified: httpDate(Date.parse(modified)),
    ownerName: site.author.name,
    ownerId: site.author.uri ?? site.origin,
    outlines: [
      {
        text: site.title,
        description: site.description,
        xmlUrl: url(paths.feed(SITE, "atom")),
        htmlUrl: url(paths.home()),
      },
      {
        text: `${site.title}: weekly digest`,
        xmlUrl: url(paths.digestFeed(SITE, "atom")),
        htmlUrl: url(paths.digest()),
      },
      ...folder(
        "Topics",
        topics.flatMap((t) => [
          {
            text: `${site.title}: ${t.label}`,
            xmlUrl: url(paths.feed(topicScope(t.slug), "atom")),
            htmlUrl: url(paths.topic(t.slug)),
          },
          {
            text: `${site.title}: ${t.label}, weekly digest`,
            xmlUrl: url(paths.digestFeed(topicScope(t.slug), "atom")),
            htmlUrl: url(paths.topic(t.slug)),
          },
        ]),
      ),
      ...folder(
        "Authors",
        authors.map((a) => ({
          text: `${site.title}: ${a.name}`,
          xmlUrl: url(paths.feed(authorScope(a.slug), "atom")),
          htmlUrl: url(paths.author(a.slug)),
        })),
      ),
    ],
  });
}

/** A folder of outlines, or nothing when it would be empty. */
const folder = (text: string, children: OpmlOutline[]): OpmlOutline[] => (children.length ? [{ text, children }] : []);
