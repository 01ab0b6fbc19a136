/** @jsxImportSource hono/jsx */
// An article's own page: headline, byline, credit to the publisher, date, topics and the full cleaned text.
import { raw } from "hono/html";
import type { ArticleRecord } from "../../shared/article.js";
import { parseWeek, weekDates } from "../../shared/isoweek.js";
import { paths, SITE, topicScope } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { humanDate, readingTime, unconfirmedNote } from "./format.js";
import { Layout, toDocument } from "./layout.js";
import { byline, feedsOfScope } from "./parts.js";
import { imageOf, newsArticleData } from "./structured.js";

export function renderArticlePage(site: SiteConfig, a: ArticleRecord): string {
  const week = parseWeek(a.week);
  const image = imageOf(site, a);
  // Site feeds first: a reader subscribing from an article most likely wants the whole site.
  const feeds = [
    ...feedsOfScope(site, "feed", SITE),
    ...a.topics.flatMap((t) => feedsOfScope(site, "feed", topicScope(t.slug), t.label)),
  ];
  return toDocument(
    <Layout
      site={site}
      title={a.title}
      canonical={paths.article(a.slug)}
      description={a.summary}
      feeds={feeds}
      card={{
        type: "article",
        published: a.published,
        modified: a.updated,
        authors: a.byline ? a.authors : [a.publisher],
        ...(image ? { image } : {}),
      }}
      jsonLd={newsArticleData(site, a)}
    >
      <article class="story">
        <StoryHeader site={site} a={a} />
        {/* The build has already sanitised the body (src/build): inserted as it is, not escaped a second time. */}
        <div class="body">{raw(a.html)}</div>
        {week && (
          <footer>
            <p class="meta">
              In the{" "}
              <a href={paths.digestWeek(a.week)}>weekly digest for the week of {humanDate(weekDates(week).monday)}</a>.
            </p>
          </footer>
        )}
      </article>
    </Layout>,
  );
}

/** The article's header: its state as a draft, headline, byline, date, source and topics. */
function StoryHeader({ site, a }: { site: SiteConfig; a: ArticleRecord }) {
  return (
    <header>
      {a.draft && (
        <p class="in-progress" role="note">
          <strong>Draft</strong>: shown by <code>npm start</code> only; <code>npm run deploy</code> does not publish it.
          Remove <code>draft: true</code> from its front matter to publish it.
        </p>
      )}
      <h1>{a.title}</h1>
      {a.byline && (
        <p class="byline">
          {byline(a.byline)}
          {unconfirmedNote(a, "byline")}
        </p>
      )}
      <p class="meta">
        <time datetime={a.date}>{humanDate(a.date)}</time>
        {unconfirmedNote(a, "date")} · {readingTime(a.readingMinutes)}
      </p>
      {/* A publisher's own post (its publisher is the site, and it names no original) came from nowhere else. */}
      {(a.url || a.publisher !== site.title) && (
        <p class="source">
          {a.url ? (
            <>
              Originally published by <a href={a.url}>{a.publisher}</a>
              {unconfirmedNote(a, "url")}
            </>
          ) : (
            // Said outright, so nobody takes the missing link for an oversight on this page.
            <>Originally published by {a.publisher}; the address of the original is not known.</>
          )}
        </p>
      )}
      {a.topics.length > 0 && (
        <div class="meta">
          <span id="topics-label">Topics:</span>{" "}
          <ul class="inline" aria-labelledby="topics-label">
            {a.topics.map((t) => (
              <li>
                <a href={paths.topic(t.slug)}>{t.label}</a>
              </li>
            ))}
          </ul>
          {a.topicsDerived && <p class="note">These topics were assigned automatically from the article's words.</p>}
        </div>
      )}
    </header>
  );
}
