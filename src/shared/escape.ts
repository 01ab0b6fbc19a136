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
