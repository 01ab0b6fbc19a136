/** @jsxImportSource hono/jsx */
// The authors: every author (or publisher, for articles without a byline) with a page and feeds of their articles.
import type { ArticleSummary, AuthorCount } from "../../shared/article.js";
import { addTo } from "../../shared/group.js";
import { authorScope, paths, SITE } from "../../shared/routes.js";
import { authorUrlOf, type SiteConfig } from "../../shared/site.js";
import { articleCount } from "./format.js";
import { Layout, toDocument } from "./layout.js";
import { Follow, feedsOfScope, NewestArticles } from "./parts.js";

/** The first letter an author is listed under: A–Z, or "#" for anything else. */
const initialOf = (a: AuthorCount) => {
  const c = a.slug.charAt(0).toUpperCase();
  return /[A-Z]/.test(c) ? c : "#";
};

/** /authors: every author by name, grouped by initial, with their article count. */
export function renderAuthorsPage(site: SiteConfig, authors: AuthorCount[]): string {
  const sorted = [...authors].sort((a, b) => a.name.localeCompare(b.name, "en") || (a.slug < b.slug ? -1 : 1));
  const groups = new Map<string, AuthorCount[]>();
  for (const a of sorted) addTo(groups, initialOf(a), a);
  return toDocument(
    <Layout
      site={site}
      title="Authors"
      canonical={paths.authors()}
      description={`Everyone whose articles ${site.title} carries, with a feed for each.`}
      feeds={feedsOfScope(site, "feed", SITE)}
    >
      <h1>Authors</h1>
      <p>
        Each author has a page and a feed of their articles. An article without a byline is listed under its publisher.
        Authors with the same name are one author.
      </p>
      {[...groups].map(([initial, list]) => (
        <section aria-labelledby={`initial-${initial === "#" ? "other" : initial}`}>
          <h2 id={`initial-${initial === "#" ? "other" : initial}`}>{initial}</h2>
          <ul class="counts">
            {list.map((a) => (
              <li>
                <a href={paths.author(a.slug)}>{a.name}</a> <span class="meta">({articleCount(a.count)})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>,
  );
}

/** How many of an author's newest articles their page lists. */
export const AUTHOR_PAGE_ARTICLES = 50;

/** One author's page: their newest articles and their feeds. */
export function renderAuthorPage(site: SiteConfig, author: AuthorCount, articles: ArticleSummary[]): string {
  const shown = articles.slice(0, AUTHOR_PAGE_ARTICLES);
  const feeds = feedsOfScope(site, "feed", authorScope(author.slug), author.name);
  const url = authorUrlOf(site, author.name);
  return toDocument(
    <Layout
      site={site}
      title={author.name}
      canonical={paths.author(author.slug)}
      description={`${author.name}: ${articleCount(author.count)} in ${site.title}.`}
      feeds={[...feeds, ...feedsOfScope(site, "feed", SITE)]}
    >
      <h1>{author.name}</h1>
      <p class="meta">
        {articleCount(author.count)}
        {url && (
          <>
            {" · "}
            <a href={url} rel="me">
              {new URL(url).host}
            </a>
          </>
        )}
      </p>
      <Follow
        site={site}
        scope={authorScope(author.slug)}
        name={author.name}
        what={`Each new article by ${author.name}`}
      />
      <NewestArticles shown={shown} total={author.count}>
        ; the rest are in the <a href={paths.digestArchive()}>weekly digests</a>.
      </NewestArticles>
    </Layout>,
  );
}
