// Escaping for XML and HTML text and attributes, and its inverse for the few entities our own serialisers write.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Text or a double-quoted attribute value, in XML or HTML. */
export const escapeMarkup = (text: string) => text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);

/**
 * Undoes escapeMarkup, plus &#39; and &nbsp; (as a plain space), which sanitize-html writes. &amp; goes last, so
 * "&amp;lt;" becomes "&lt;", not "<".
 */
export const unescapeMarkup = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");

// Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets: C0 controls but tab, LF and CR; lone surrogates;
// U+FFFE and U+FFFF) and the other Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane),
// which XML discourages and validators flag. With the u flag a surrogate range matches lone surrogates only.
const XML_UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching these characters is this pattern's job.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/gu;

// The same, by code unit: any surrogate matches, so a text it finds nothing in is safe, and the full pattern (which
// must read code points to tell a pair from a lone surrogate, several times slower) runs only on texts it flags.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching these characters is this pattern's job.
const MAYBE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/**
 * The text with every character XML cannot carry taken out: control characters become spaces (they separated words),
 * lone surrogates and noncharacters go. The build applies it to every file it reads, so no page, feed or digest
 * ever holds one.
 */
export function xmlSafe(text: string): string {
  if (!MAYBE_UNSAFE.test(text)) return text;
  XML_UNSAFE.lastIndex = 0;
  return text.replace(XML_UNSAFE, (c) => (c <= "\u007F" ? " " : ""));
}

/** Whether the text holds a character xmlSafe would take out. */
export function hasXmlUnsafe(text: string): boolean {
  if (!MAYBE_UNSAFE.test(text)) return false;
  XML_UNSAFE.lastIndex = 0;
  return XML_UNSAFE.test(text);
}
