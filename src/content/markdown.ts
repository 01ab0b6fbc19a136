// Markdown bodies to safe HTML: marked parses CommonMark/GFM, sanitize-html keeps only tags a feed reader should get.

import { createRequire } from "node:module";
import { Marked } from "marked";
import markedFootnote from "marked-footnote";
import { markedHighlight } from "marked-highlight";
import sanitizeHtml from "sanitize-html";
import { embedUrl } from "../shared/embeds.js";
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
  // GFM footnotes ([^1]), as kramdown and Hugo write them too: numbered references and a list of notes at the end.
  markedFootnote(),
  markedHighlight({
    langPrefix: "language-",
    highlight(code, lang) {
      const language = lang.toLowerCase();
      return language && hljs.getLanguage(language) ? hljs.highlight(code, { language }).value : escapeMarkup(code);
    },
  }),
);

const MATHML = [
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "msqrt",
  "mroot",
  "munder",
  "mover",
  "munderover",
  "mtable",
  "mtr",
  "mtd",
  "mstyle",
  "mpadded",
  "mphantom",
  "menclose",
  "mmultiscripts",
  "mprescripts",
];

/** Ids the body may set: footnotes' (marked-footnote's `footnote-` prefix), which cannot clash with the page's own. */
const keepFootnoteId = (tagName: string, attribs: sanitizeHtml.Attributes) => {
  const { id, ...rest } = attribs;
  return { tagName, attribs: id?.startsWith("footnote-") ? { ...rest, id } : rest };
};

/**
 * Tags and attributes that survive: text structure, links, images, tables, footnotes, disclosure widgets, and frames
 * of YouTube and Vimeo videos only (shared/embeds.ts), sandboxed. No script, style, form or event handlers.
 */
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
    "section",
    "details",
    "summary",
    "kbd",
    "mark",
    "s",
    "ins",
    "small",
    "dl",
    "dt",
    "dd",
    "var",
    "samp",
    "iframe",
    // MathML (https://www.w3.org/TR/mathml-core/): formulas as blogs write them, which browsers draw natively.
    ...MATHML,
  ],
  allowedAttributes: {
    a: ["href", "title", "id"],
    img: ["src", "alt", "title", "width", "height"],
    abbr: ["title"],
    th: ["scope"],
    li: ["id"],
    h2: ["id"],
    details: ["open"],
    iframe: ["src", "title", "width", "height", "loading", "sandbox", "allow", "allowfullscreen", "referrerpolicy"],
    math: ["display", "xmlns"],
    mi: ["mathvariant"],
    mo: ["stretchy", "fence", "separator", "lspace", "rspace", "form", "largeop", "movablelimits"],
    mfrac: ["linethickness"],
    mstyle: ["displaystyle", "scriptlevel", "mathvariant"],
    mtd: ["columnspan", "rowspan"],
    mspace: ["width", "height", "depth"],
    menclose: ["notation"],
    annotation: ["encoding"],
  },
  allowedIframeHostnames: ["www.youtube-nocookie.com", "player.vimeo.com"],
  // A frame of anything else has lost its address by now: drop the empty element too.
  exclusiveFilter: (frame) => frame.tag === "iframe" && !frame.attribs.src,
  allowedSchemesByTag: { iframe: ["https"] },
  // A fenced block's language (```ruby gives class="language-ruby"), which readers and highlighters go by.
  allowedClasses: { code: ["language-*"], span: ["hljs-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    // A Markdown "# Heading" inside the body would compete with the page's h1 (the title).
    h1: (_tagName, attribs) => keepFootnoteId("h2", attribs),
    a: keepFootnoteId,
    li: keepFootnoteId,
    h2: keepFootnoteId,
    // A task list's box, as a character: a form control would be inert here, and feed readers drop it.
    input: (_tagName, attribs) => ({
      tagName: "span",
      attribs: {},
      text: attribs.type === "checkbox" ? (attribs.checked === undefined ? "☐" : "☑") : "",
    }),
    // A YouTube or Vimeo frame, whatever address it was written with, sandboxed; any other frame is dropped
    // (allowedIframeHostnames), keeping nothing.
    iframe: (_tagName, attribs): sanitizeHtml.Tag => {
      const src = embedUrl(attribs.src ?? "");
      return src
        ? {
            tagName: "iframe",
            attribs: {
              src,
              title: attribs.title || "Video",
              width: "560",
              height: "315",
              loading: "lazy",
              sandbox: "allow-scripts allow-same-origin allow-presentation allow-popups",
              allow: "fullscreen; picture-in-picture",
              referrerpolicy: "strict-origin-when-cross-origin",
            },
            // Fallback text ("your browser does not support iframes") is for browsers without frames; none are left.
            text: "",
          }
        : { tagName: "iframe", attribs: {} };
    },
  },
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
