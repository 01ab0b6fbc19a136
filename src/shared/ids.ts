// The tag: URIs (RFC 4151, https://www.rfc-editor.org/rfc/rfc4151) that identify entries and feeds, in one place.
import type { Scope } from "./routes.js";

/**
 * A tag: URI under the site's idAuthority. Ids never contain the origin, so moving the site to another domain changes
 * no id and readers do not show every entry again (RFC 4287 §4.2.6).
 */
const tagUri = (idAuthority: string, specific: string): string => `tag:${idAuthority}:${specific}`;

/** An article's entry id: the authority, then the article's date and slug. */
export const articleId = (idAuthority: string, date: string, slug: string): string =>
  tagUri(idAuthority, `articles/${date}/${slug}`);

const scopeName = (scope: Scope) => (scope.kind === "site" ? "" : `${scope.kind}/${scope.slug}`);

/** The atom:id of a scope's feed, shared by its three formats and all its archive documents. */
export const feedId = (idAuthority: string, scope: Scope): string =>
  tagUri(idAuthority, scope.kind === "site" ? "feed" : scopeName(scope));

/** The id of a scope's weekly digest feed; its entries are this id, a slash and the week. */
export const digestFeedId = (idAuthority: string, scope: Scope): string =>
  tagUri(idAuthority, scope.kind === "site" ? "digest" : `${scopeName(scope)}/digest`);
