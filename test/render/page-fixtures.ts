// Realistic inputs for the page tests: three articles as the build makes them, one with hostile markup in its text.

import type { ArticleRecord, TopicCount } from "../../src/shared/article.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { TEST_SITE } from "./site-fixture.js";

export const site: SiteConfig = TEST_SITE;

export const russia = { slug: "russia", label: "Russia" };
export const syria = { slug: "syria", label: "Syria" };
export const clusterMunitions = { slug: "cluster-munitions", label: "Cluster munitions" };
export const deconfliction = { slug: "deconfliction", label: "Deconfliction" };

const entities = { people: [], places: [], organizations: [] };

// Newest first, as the build passes them. The second is the hostile one: markup and quotes in its title.
export const nyt: ArticleRecord = {
  slug: "american-russian-relations-in-syria",
  id: "tag:dispatch.example.com,2026-11-21:2018-07-16:american-russian-relations-in-syria",
  title: "American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim",
  published: "2018-07-16T00:00:00-04:00",
  updated: "2018-07-16T00:00:00-04:00",
  date: "2018-07-16",
  week: "2018-W29",
  publisher: "The New York Times",
  byline: "Eric Schmitt and Thomas Gibbons-Neff",
  authors: ["Eric Schmitt", "Thomas Gibbons-Neff"],
  topics: [russia, syria, deconfliction],
  topicsDerived: false,
  summary:
    "Despite political tensions between the United States and Russia, the two nations’ militaries are cooperating closely, President Trump and President Vladimir V. Putin said on Monday.",
  wordCount: 1240,
  readingMinutes: 6,
  entities,
  html: "<p>WASHINGTON — Despite political tensions between the United States and Russia, the two nations’ militaries are cooperating closely.</p><p>But their record of collaboration is far more mixed.</p>",
};

export const hostile: ArticleRecord = {
  slug: "script-tags-and-quotes",
  id: "tag:dispatch.example.com,2026-11-21:2018-02-15:script-tags-and-quotes",
  title: `Officials say <script>alert("x")</script> & 'quotes' "clash" in Syria`,
  published: "2018-02-15T09:30:00-05:00",
  // Corrected after the NYT article appeared (05:00Z against 04:00Z), so it is the newest thing on the home page.
  updated: "2018-07-16T06:00:00+01:00",
  date: "2018-02-15",
  week: "2018-W07",
  publisher: "Reuters & Partners",
  authors: ["Reuters & Partners"],
  topics: [russia, syria],
  topicsDerived: true,
  summary: `A summary with <b>markup</b> & "quotes".`,
  wordCount: 430,
  readingMinutes: 2,
  entities,
  html: `<p>The tag &lt;script&gt; is text here, as are &amp; and “quotes”.</p><p><a href="https://example.org/a?b=1&amp;c=2">A source</a></p>`,
};

export const wapo: ArticleRecord = {
  slug: "russia-cluster-bombed-us-backed-fighters",
  id: "tag:dispatch.example.com,2026-11-21:2016-06-18:russia-cluster-bombed-us-backed-fighters",
  title: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters",
  published: "2016-06-18T00:00:00-04:00",
  updated: "2016-06-19T12:00:00-04:00",
  date: "2016-06-18",
  week: "2016-W24",
  publisher: "The Washington Post (Checkpoint)",
  byline: "Thomas Gibbons-Neff",
  authors: ["Thomas Gibbons-Neff"],
  url: "https://www.washingtonpost.com/news/checkpoint/wp/2016/06/18/images-suggest-that-russia-cluster-bombed-u-s-backed-syrian-fighters/",
  topics: [russia, syria, clusterMunitions],
  topicsDerived: false,
  summary:
    "Russian airstrikes targeted the base of U.S.-backed Syrian fighters near the Jordanian border earlier this week, according to U.S. defense officials.",
  wordCount: 980,
  readingMinutes: 5,
  entities,
  html: "<p>Russian airstrikes targeted the base of U.S.-backed Syrian fighters near the Jordanian border.</p>",
};

export const articles = [nyt, hostile, wapo];
export const topics: TopicCount[] = [
  { ...russia, count: 3 },
  { ...syria, count: 3 },
  { ...clusterMunitions, count: 1 },
  { ...deconfliction, count: 1 },
];
