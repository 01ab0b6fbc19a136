/** @jsxImportSource hono/jsx */
// Pages for a week with no digest: 404 for an empty or future week (pointing at the nearest weeks), 400 for a malformed name.
import { paths, SITE } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { Layout, toDocument } from "../html/layout.js";
import { feedsOfScope } from "../html/parts.js";
import { adjacentWeeks, latestWeek, type MissingWeek, type WeekRef } from "./week-plan.js";
import { weekLabel } from "./words.js";

/** What these pages need to know of the digest: the week in progress and the weeks with articles, newest first. */
export interface WeekIndex {
  site: SiteConfig;
  current: string;
  weeks: readonly WeekRef[];
}

/** One neighbouring week with articles: its dates linked to its digest. */
function NearWeek({ side, week }: { side: string; week: WeekRef }) {
  return (
    <li>
      {side}: <a href={paths.digestWeek(week.name)}>{weekLabel(week.name)}</a> ({week.name})
      {week.finished ? "" : ", in progress"}
    </li>
  );
}

/** The nearest weeks with articles on either side of `name`, and the archive. */
function Nearest({ index, name }: { index: WeekIndex; name: string }) {
  const { previous, next } = adjacentWeeks(index.weeks, name);
  return (
    <nav aria-label="Nearest weeks with articles">
      <ul>
        {previous ? <NearWeek side="Before" week={previous} /> : null}
        {next ? <NearWeek side="After" week={next} /> : null}
        <li>
          <a href={paths.digestArchive()}>Every week in the archive</a>
        </li>
      </ul>
    </nav>
  );
}

/** The 404 page of a well-formed week that has no articles or has not begun. */
export function renderDigestNotFound(index: WeekIndex, missing: MissingWeek): string {
  const { site } = index;
  const label = weekLabel(missing.name);
  const why =
    missing.kind === "future"
      ? `The week of ${label} has not begun yet.`
      : `No articles were published in the week of ${label}.`;
  return toDocument(
    <Layout
      site={site}
      title={`No digest for ${missing.name}`}
      canonical=""
      description={why}
      feeds={feedsOfScope(site, "digest-feed", SITE)}
    >
      <h1>No digest for {missing.name}</h1>
      <p>{why}</p>
      <Nearest index={index} name={missing.name} />
    </Layout>,
  );
}

/** The 400 page of a week name that is not an ISO week (2018-W7, 2021-W53). */
export function renderDigestBadWeek(index: WeekIndex, requested: string): string {
  const { site } = index;
  const latest = latestWeek(index.weeks);
  // A request path can be any length; quote enough of it to recognise, not enough to push the page sideways.
  const shown = [...requested].length > 40 ? `${[...requested].slice(0, 40).join("")}…` : requested;
  return toDocument(
    <Layout
      site={site}
      title="Not a week"
      canonical=""
      description="Digest weeks are named like 2018-W29."
      feeds={feedsOfScope(site, "digest-feed", SITE)}
    >
      <h1>Not a week</h1>
      <p>
        “{shown}” is not an ISO week. Weeks are named by year and week number, two digits, such as <code>2018-W29</code>
        ; a year has 52 or 53 weeks.
      </p>
      <ul>
        {latest ? (
          <li>
            Latest: <a href={paths.digestWeek(latest.name)}>{weekLabel(latest.name)}</a> ({latest.name})
          </li>
        ) : null}
        <li>
          <a href={paths.digestArchive()}>Every week in the archive</a>
        </li>
      </ul>
    </Layout>,
  );
}
