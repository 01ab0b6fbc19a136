// OPML 2.0 subscription lists (http://opml.org/spec2.opml), for importing Dispatch's feeds into a reader at once.
import { escapeMarkup } from "../shared/escape.js";
import { xmlChars } from "./feed-adapter.js";

export const OPML_TYPE = "text/x-opml; charset=utf-8";

export interface OpmlOutline {
  /** Shown by readers; required on every outline (OPML 2.0, "Attributes of <outline>"). */
  text: string;
  /** A subscription: absolute URL of the feed; outlines with xmlUrl are type="rss" whatever the feed's format. */
  xmlUrl?: string;
  htmlUrl?: string;
  description?: string;
  /** A folder of outlines. */
  children?: OpmlOutline[];
}

export interface OpmlDocument {
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
    .map(([k, v]) => ` ${k}="${escapeMarkup(xmlChars(v))}"`)
    .join("");

const text = (name: string, value: string | undefined) =>
  value === undefined ? "" : `\n    <${name}>${escapeMarkup(xmlChars(value))}</${name}>`;

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

export function renderOpml(doc: OpmlDocument): string {
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
