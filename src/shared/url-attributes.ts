// The href and src values of sanitised HTML, rewritten one at a time. The build's sanitiser writes every attribute
// double-quoted, so a pattern over attributes is exact; keeping an HTML parser out of this module keeps it out of the
// Worker's bundle, which renders feeds from stored bodies.
import { escapeMarkup, unescapeMarkup } from "./escape.js";

/** Any element's start tag with attributes, or only links' and pictures'. */
const ANY_TAG = /<[a-z][a-z0-9]*\s[^>]*>/gi;
const LINK_OR_PICTURE = /<(?:a|img)\s[^>]*>/gi;
const URL_ATTRIBUTE = /(\s)(href|src)="([^"]*)"/gi;

/**
 * `html` with each href and src value (unescaped) replaced by what `map` returns for it: a string to write instead,
 * `undefined` to keep the attribute as it was, `null` to drop it. Only in tags, never in text, where a code sample
 * may show the same attribute; in links and pictures only unless `everyTag`.
 */
export function mapUrlAttributes(
  html: string,
  map: (url: string) => string | null | undefined,
  everyTag = false,
): string {
  return html.replace(everyTag ? ANY_TAG : LINK_OR_PICTURE, (tag) =>
    tag.replace(URL_ATTRIBUTE, (whole, space: string, name: string, value: string) => {
      const to = map(unescapeMarkup(value));
      return to === undefined ? whole : to === null ? "" : `${space}${name}="${escapeMarkup(to)}"`;
    }),
  );
}
