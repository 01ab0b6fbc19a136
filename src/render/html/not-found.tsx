/** @jsxImportSource hono/jsx */
// The page the Worker answers 404 with: what was missing, and the ways back into the site.
import { paths, SITE } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { Layout, toDocument } from "./layout.js";
import { feedLinks } from "./parts.js";

/** `message` says what was not found, e.g. "There is no article at /articles/foo."; it is escaped. */
export function renderNotFoundPage(site: SiteConfig, message: string): string {
  return toDocument(
    // No canonical: a 404 has no URL of its own to name.
    <Layout site={site} title="Page not found" canonical="" feeds={feedLinks(site, "feed", SITE)}>
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
