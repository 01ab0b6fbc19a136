/** @jsxImportSource hono/jsx */
// The digest archive, /digest/archive: every week with articles, its dates and counts, and the feeds to follow.
import type { TopicCount } from "../../shared/article.js";
import { addTo } from "../../shared/group.js";
import { paths, SITE, topicScope } from "../../shared/routes.js";
import { articleCount, humanDate } from "../html/format.js";
import { Layout, toDocument } from "../html/layout.js";
import { FeedFormatList, feedsOfScope } from "../html/parts.js";
import { Subscribe, weekFacts } from "./parts.js";
import { type DigestPlan, type DigestWeek, leadStory } from "./week-plan.js";
import { weekLabel } from "./words.js";

/** Weeks grouped by ISO year (the year in their names), newest first. */
function byYear(weeks: DigestWeek[]): [number, DigestWeek[]][] {
  const years = new Map<number, DigestWeek[]>();
  for (const w of weeks) addTo(years, w.week.year, w);
  return [...years.entries()];
}

/** Every topic that has an article in a shown week, with its count, by label. */
function topicsOf(weeks: DigestWeek[]): TopicCount[] {
  const topics = new Map<string, TopicCount>();
  for (const w of weeks)
    for (const a of w.articles)
      for (const t of a.topics) {
        const seen = topics.get(t.slug);
        topics.set(t.slug, { slug: t.slug, label: t.label, count: (seen?.count ?? 0) + 1 });
      }
  return [...topics.values()].sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/** The full HTML document of the digest archive. */
export function renderDigestArchive(plan: DigestPlan): string {
  const { site, weeks } = plan;
  const oldest = weeks.at(-1);
  const newest = weeks[0];
  const topics = topicsOf(weeks);
  return toDocument(
    <Layout
      site={site}
      title="Weekly digest archive"
      canonical={paths.digestArchive()}
      description={`Every week of ${site.title}, Monday to Sunday, with its articles in one read.`}
      feeds={feedsOfScope(site, "digest-feed", SITE)}
    >
      <header class="digest-head">
        <h1>Weekly digest archive</h1>
        <p class="facts">
          {newest && oldest
            ? `${weeks.length} ${weeks.length === 1 ? "week" : "weeks"} with articles, from ${humanDate(oldest.monday)} to ${humanDate(newest.sunday)}. Weeks run Monday to Sunday (${site.timeZone} time).`
            : "No week has articles yet."}
        </p>
      </header>
      {byYear(weeks).map(([year, list]) => (
        <section aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          <ul class="week-list">
            {list.map((w) => (
              <li>
                <a href={paths.digestWeek(w.name)}>{weekLabel(w.week)}</a>
                {w.finished ? null : <strong class="in-progress-tag"> (in progress)</strong>}
                <br />
                <span class="meta">
                  {w.name} · {weekFacts(w)}
                </span>
                <br />
                <span class="lead-line">Lead: {leadStory(w.articles)?.title}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <Subscribe site={site} />
      {topics.length > 0 ? (
        <section class="subscribe" aria-labelledby="topic-digests">
          <h2 id="topic-digests">One topic’s digest</h2>
          <p>The same weekly digest, with only the articles filed under one topic.</p>
          <ul class="topic-digests">
            {topics.map((t) => (
              <li>
                {t.label} <span class="meta">({articleCount(t.count)})</span>
                <FeedFormatList
                  feeds={feedsOfScope(site, "digest-feed", topicScope(t.slug), t.label)}
                  about={`of the ${t.label} weekly digest`}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>,
  );
}
