/** @jsxImportSource hono/jsx */
// Pieces the digest page and the digest feeds' content share, so a week reads the same on the site and in a reader.
import type { ArticleSummary } from "../../shared/article.js";
import { paths, SITE } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { articleCount, readingTime, unconfirmedNote } from "../html/format.js";
import { byline, FeedFormatList, feedsOfScope } from "../html/parts.js";
import { imageOf } from "../html/structured.js";
import { type DigestPlan, type DigestWeek, digestContents, type TopicSection } from "./week-plan.js";
import { dayLabel, minutesLabel } from "./words.js";

/** Turns a site path into the href a context needs: as is on the site, absolute in feeds and email. */
export type Href = (path: string) => string;

/** "The New York Times · By Eric Schmitt and Thomas Gibbons-Neff", with "(byline not confirmed)" when it is not. */
export function creditLine(a: ArticleSummary): string {
  if (!a.byline) return a.publisher;
  return `${a.publisher} · ${byline(a.byline)}${unconfirmedNote(a, "byline")}`;
}

/** "nytimes.com" for a link to the original; the whole URL if it does not parse. */
export function originHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** "3 articles · 21 minutes of reading" */
export function weekFacts(week: DigestWeek): string {
  return `${articleCount(week.articles.length)} · ${minutesLabel(week.readingMinutes)} of reading`;
}

/** Section anchor on the page. */
export const sectionAnchor = (s: TopicSection) => (s.topic ? `topic-${s.topic.slug}` : "topic-none");
/** Article anchor on the page. */
export const articleAnchor = (a: ArticleSummary) => `a-${a.slug}`;
export const sectionLabel = (s: TopicSection) => s.topic?.label ?? "Other articles";

/**
 * One article as the digest shows it: headline to the article page, credit, date, reading time, summary, original;
 * each fact the front matter marks unconfirmed says so (src/render/html/format.ts `unconfirmedNote`).
 */
function DigestArticle({ article, href, anchor }: { article: ArticleSummary; href: Href; anchor: boolean }) {
  return (
    <article id={anchor ? articleAnchor(article) : undefined}>
      <h3>
        <a href={href(paths.article(article.slug))}>{article.title}</a>
      </h3>
      <p class="meta">
        {creditLine(article)} · <time datetime={article.published}>{dayLabel(article.date)}</time>
        {unconfirmedNote(article, "date")} · {readingTime(article.readingMinutes)}
      </p>
      <p>{article.summary}</p>
      {article.url ? (
        <p class="meta original">
          <a href={article.url}>Original at {originHost(article.url)}</a>
          {unconfirmedNote(article, "url")}
        </p>
      ) : null}
    </article>
  );
}

/** The body of a week's digest: the lead story, then the other articles under their first topic. */
export function DigestBody({
  plan,
  week,
  href,
  anchors,
}: {
  plan: DigestPlan;
  week: DigestWeek;
  href: Href;
  anchors: boolean;
}) {
  const { lead, sections } = digestContents(plan, week);
  const leadImage = imageOf(plan.site, lead);
  return (
    <>
      <section class="lead" aria-labelledby={anchors ? "lead" : undefined}>
        <h2 id={anchors ? "lead" : undefined}>Lead story</h2>
        {leadImage && (
          <img class="lead-image" src={leadImage.url} alt={leadImage.alt} loading="lazy" decoding="async" />
        )}
        <DigestArticle article={lead} href={href} anchor={anchors} />
      </section>
      {sections.map((s) => (
        <section aria-labelledby={anchors ? sectionAnchor(s) : undefined}>
          <h2 id={anchors ? sectionAnchor(s) : undefined}>{sectionLabel(s)}</h2>
          <ul class="digest-articles">
            {s.articles.map((a) => (
              <li>
                <DigestArticle article={a} href={href} anchor={anchors} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** Where to follow the digest: its feeds, this week in the other formats, and the archive. */
export function Subscribe({ site, week }: { site: SiteConfig; week?: DigestWeek }) {
  return (
    <section class="subscribe" aria-labelledby="subscribe">
      <h2 id="subscribe">Get the digest</h2>
      <p>A feed with one entry a week, added once the week has ended:</p>
      <FeedFormatList feeds={feedsOfScope(site, "digest-feed", SITE)} about="of the weekly digest" />
      {week ? (
        <p>
          This week as <a href={paths.digestEmail(week.name)}>email-ready HTML</a> or{" "}
          <a href={paths.digestText(week.name)}>plain text</a>.
        </p>
      ) : null}
      <p>
        Past weeks, and a digest feed for each topic: <a href={paths.digestArchive()}>the archive</a>.
      </p>
    </section>
  );
}
