/** @jsxImportSource hono/jsx */
// The page the Worker answers 404 with: what was missing, and the ways back into the site.
import { paths, SITE } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { Layout, toDocument } from "./layout.js";
import { feedsOfScope } from "./parts.js";

const PATH_MARK = "DISPATCH-MISSING-PATH";

/**
 * The 404 page for any path, as the HTML before and after the (escaped) path. The build renders it once and keeps it
 * in the site shard: a reader or a crawler asking for a missing page then costs the Worker a concatenation, where
 * rendering the page on a cold isolate cost about 10 ms of CPU (hono/jsx's first compile).
 */
export function notFoundPageParts(site: SiteConfig): [string, string] {
  const html = renderNotFoundPage(site, `There is no page at ${PATH_MARK}.`);
  const at = html.indexOf(PATH_MARK);
  return [html.slice(0, at), html.slice(at + PATH_MARK.length)];
}

/** `message` says what was not found, e.g. "There is no article at /articles/foo."; it is escaped. */
export function renderNotFoundPage(site: SiteConfig, message: string): string {
  return toDocument(
    // No canonical: a 404 has no URL of its own to name.
    <Layout site={site} title="Page not found" canonical="" feeds={feedsOfScope(site, "feed", SITE)}>
      <h1>Page not found</h1>
      <p>{message}</p>
      <p>The page may have moved, or the address may be mistyped. From here you can go to:</p>
      <ul>
        <li>
          <a href={paths.home()}>the home page, with the latest articles</a>
        </li>
        <li>
          <a href={paths.topics()}>the list of topics</a>
        </li>
        <li>
          <a href={paths.digest()}>the latest weekly digest</a>
        </li>
        <li>
          <a href={paths.digestArchive()}>the archive of past digests</a>
        </li>
      </ul>
    </Layout>,
  );
}
