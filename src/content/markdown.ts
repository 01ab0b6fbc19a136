// Markdown bodies to safe HTML: marked parses CommonMark/GFM, sanitize-html keeps only tags a feed reader should get.

import { createRequire } from "node:module";
import { Marked } from "marked";
import { markedHighlight } from "marked-highlight";
import sanitizeHtml from "sanitize-html";
import { escapeMarkup, unescapeMarkup } from "../shared/escape.js";

/**
 * highlight.js, required without its type declarations: they reference the DOM's lib, whose Response and BodyInit
 * would replace the Workers runtime's in this whole project.
 */
const hljs = createRequire(import.meta.url)("highlight.js/lib/common") as {
  getLanguage(name: string): object | undefined;
  highlight(code: string, options: { language: string }): { value: string };
};

/**
 * Fenced code with a language is highlighted at build time (highlight.js's common languages), as spans with classes
 * the page's stylesheet colours: no script on the page, and feed readers get plain code with harmless spans. A
 * language highlight.js does not know, or none, stays plain.
 */
const marked = new Marked(
  { gfm: true, async: false },
  markedHighlight({
    langPrefix: "language-",
    highlight(code, lang) {
      const language = lang.toLowerCase();
      return language && hljs.getLanguage(language) ? hljs.highlight(code, { language }).value : escapeMarkup(code);
    },
  }),
);

/** Tags and attributes that survive: text structure, links, images, tables. No script, style, iframe or event handlers. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "sup",
    "sub",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "q",
    "cite",
    // highlight.js's token spans, and nothing but their classes.
    "span",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "title", "width", "height"],
    abbr: ["title"],
    th: ["scope"],
  },
  // A fenced block's language (```ruby gives class="language-ruby"), which readers and highlighters go by.
  allowedClasses: { code: ["language-*"], span: ["hljs-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  // A Markdown "# Heading" inside the body would compete with the page's h1 (the title).
  transformTags: { h1: "h2" },
};

/** Renders Markdown to sanitised HTML. Relative URLs stay relative; feeds make them absolute. */
export function markdownToHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, SANITIZE).trim();
}

/**
 * Sanitised HTML (markdownToHtml's output) to plain text, for word counts and summaries. The sanitiser's serialiser
 * writes no comments and quotes every attribute, so dropping tags is exact here; block ends become paragraph breaks.
 */
export function htmlToText(html: string): string {
  return unescapeMarkup(html.replace(/<\/(?:p|h\d|li|blockquote|pre|tr|figcaption)>/g, "\n\n").replace(/<[^>]*>/g, ""))
    .replace(/[ \t]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The first image of sanitised HTML: its src and alt text, for an entry's thumbnail. */
export function firstImage(html: string): { src: string; alt: string } | undefined {
  const tag = /<img\s[^>]*>/.exec(html)?.[0];
  const src = tag && /\ssrc="([^"]*)"/.exec(tag)?.[1];
  if (!tag || !src) return undefined;
  return { src: unescapeMarkup(src), alt: unescapeMarkup(/\salt="([^"]*)"/.exec(tag)?.[1] ?? "") };
}

/** Plain-text paragraphs (a cleaned clipping) to HTML. */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeMarkup(p)}</p>`).join("\n");
}

/**
 * The text of each paragraph of sanitised HTML (its `<p>` elements), leaving out what is not prose: headings, code and
 * lists are not paragraphs, and neither is a paragraph that is only links or an image.
 */
export function proseParagraphs(html: string): string[] {
  const out: string[] = [];
  for (const [, inner = ""] of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const text = htmlToText(inner).replace(/\s+/g, " ").trim();
    const outsideLinks = htmlToText(inner.replace(/<a\s[^>]*>[\s\S]*?<\/a>/g, "")).replace(/[\s,;|·•–—-]+/g, "");
    if (text && outsideLinks) out.push(text);
  }
  return out;
}
