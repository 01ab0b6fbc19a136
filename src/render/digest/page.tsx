/** @jsxImportSource hono/jsx */
// The digest page of one week: the permalink /digest/2018-W29, and /digest, which shows the latest week with the same canonical.
import { paths, SITE } from "../../shared/routes.js";
import { Layout, toDocument } from "../html/layout.js";
import { feedsOfScope } from "../html/parts.js";
import { digestPageData, imageOf } from "../html/structured.js";
import { articleAnchor, DigestBody, type Href, Subscribe, sectionAnchor, sectionLabel, weekFacts } from "./parts.js";
import { adjacentWeeks, type DigestPlan, type DigestWeek, digestContents, weekUpdated } from "./week-plan.js";
import { dayLabel, weekLabel } from "./words.js";

const sitePath: Href = (path) => path;

function Contents({ plan, week }: { plan: DigestPlan; week: DigestWeek }) {
  const { lead, sections } = digestContents(plan, week);
  return (
    <nav class="toc" aria-labelledby="toc">
      <h2 id="toc">In this digest</h2>
      <ol>
        <li>
          <a href="#lead">Lead story</a>
          <ul>
            <li>
              <a href={`#${articleAnchor(lead)}`}>{lead.title}</a>
            </li>
          </ul>
        </li>
        {sections.map((s) => (
          <li>
            <a href={`#${sectionAnchor(s)}`}>{sectionLabel(s)}</a>
            <ul>
              {s.articles.map((a) => (
                <li>
                  <a href={`#${articleAnchor(a)}`}>{a.title}</a>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * Previous and next weeks with articles (empty weeks skipped), and the archive. Nothing here depends on the clock
 * (no "in progress" mark), so a finished week's page, stored once, stays true after the next week ends.
 */
function WeekNav({ plan, name }: { plan: DigestPlan; name: string }) {
  const { previous, next } = adjacentWeeks(plan.weeks, name);
  return (
    <nav class="weeks" aria-label="Other weeks">
      <ul>
        {previous ? (
          <li>
            <a rel="prev" href={paths.digestWeek(previous.name)}>
              ← Previous: {weekLabel(previous.week)}
            </a>
          </li>
        ) : null}
        <li>
          <a href={paths.digestArchive()}>All weeks</a>
        </li>
        {next ? (
          <li>
            <a rel="next" href={paths.digestWeek(next.name)}>
              Next: {weekLabel(next.week)} →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The full HTML document of a week's digest (permalink and /digest alike: the canonical is the permalink). */
export function renderDigestPage(plan: DigestPlan, week: DigestWeek): string {
  const { site } = plan;
  const label = weekLabel(week.week);
  const title = `Weekly digest: ${label}${week.finished ? "" : " (in progress)"}`;
  const description = `${site.title} weekly digest for ${label}: ${weekFacts(week)}.`;
  const lead = digestContents(plan, week).lead;
  const image = imageOf(site, lead);
  return toDocument(
    <Layout
      site={site}
      title={title}
      canonical={paths.digestWeek(week.name)}
      description={description}
      feeds={feedsOfScope(site, "digest-feed", SITE)}
      card={{ type: "website", ...(image ? { image } : {}) }}
      jsonLd={digestPageData(
        site,
        { name: title, description, path: paths.digestWeek(week.name), updated: weekUpdated(week, site.timeZone) },
        week.articles,
      )}
    >
      <header class="digest-head">
        <p class="meta">
          Weekly digest · <a href={paths.digestWeek(week.name)}>{week.name}</a>
        </p>
        <h1>{label}</h1>
        <p class="facts">{weekFacts(week)}</p>
        {week.finished ? null : (
          <p class="in-progress">
            <strong>In progress.</strong> This week ends at midnight after {dayLabel(week.sunday)} ({site.timeZone}{" "}
            time); articles may still be added, and the digest feeds carry it once it has ended.
          </p>
        )}
      </header>
      <Contents plan={plan} week={week} />
      <DigestBody plan={plan} week={week} href={sitePath} anchors />
      <WeekNav plan={plan} name={week.name} />
      <Subscribe site={site} week={week} />
    </Layout>,
  );
}
