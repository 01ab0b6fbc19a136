// Realistic inputs for the page tests: three articles made by the build from front matter and bodies, one with
// hostile markup in its text.
import type { ArticleRecord, TopicCount } from "../../src/shared/article.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { articleFrom, PROJECT_SITE } from "../support/articles.js";

export const site: SiteConfig = PROJECT_SITE;

export const russia = { slug: "russia", label: "Russia" };
export const syria = { slug: "syria", label: "Syria" };
export const clusterMunitions = { slug: "cluster-munitions", label: "Cluster munitions" };
export const deconfliction = { slug: "deconfliction", label: "Deconfliction" };

/** `n` words of filler prose, in sentences, none of them a topic keyword. */
const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 10 === 9 ? "words." : i % 10 === 0 ? "More" : "words")).join(" ");

// Newest first, as the build passes them. The second is the hostile one: markup and quotes in its title.
export const nyt: ArticleRecord = articleFrom({
  slug: "american-russian-relations-in-syria",
  title: "American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim",
  date: "2018-07-16",
  publisher: "The New York Times",
  byline: "Eric Schmitt and Thomas Gibbons-Neff",
  topics: ["russia", "syria", "deconfliction"],
  summary:
    "Despite political tensions between the United States and Russia, the two nations’ militaries are cooperating closely, President Trump and President Vladimir V. Putin said on Monday.",
  body: `WASHINGTON — Despite political tensions between the United States and Russia, the two nations’ militaries are cooperating closely.\n\nBut their record of collaboration is far more mixed.\n\n${filler(1220)}`,
});

export const hostile: ArticleRecord = articleFrom({
  slug: "script-tags-and-quotes",
  title: `Officials say <script>alert("x")</script> & 'quotes' "clash" in Syria`,
  date: "2018-02-15T09:30:00-05:00",
  // Corrected after the NYT article appeared (05:00Z against 04:00Z), so it is the newest thing on the home page.
  updated: "2018-07-16T06:00:00+01:00",
  publisher: "Reuters & Partners",
  // No topics given: the build derives them (Syria in the title, Russia in the text), marked as derived.
  summary: `A summary with <b>markup</b> & "quotes".`,
  body: `The tag &lt;script&gt; is text here, as are &amp; and “quotes”. Russia, Russia, Russia and Moscow said so.\n\n[A source](https://example.org/a?b=1&c=2)\n\n${filler(400)}`,
});

export const wapo: ArticleRecord = articleFrom({
  slug: "russia-cluster-bombed-us-backed-fighters",
  title: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters",
  date: "2016-06-18",
  updated: "2016-06-19T12:00:00-04:00",
  publisher: "The Washington Post (Checkpoint)",
  byline: "Thomas Gibbons-Neff",
  url: "https://www.washingtonpost.com/news/checkpoint/wp/2016/06/18/images-suggest-that-russia-cluster-bombed-u-s-backed-syrian-fighters/",
  topics: ["russia", "syria", "cluster-munitions"],
  summary:
    "Russian airstrikes targeted the base of U.S.-backed Syrian fighters near the Jordanian border earlier this week, according to U.S. defense officials.",
  body: `Russian airstrikes targeted the base of U.S.-backed Syrian fighters near the Jordanian border.\n\n${filler(960)}`,
});

export const articles = [nyt, hostile, wapo];
export const topics: TopicCount[] = [
  { ...russia, count: 3 },
  { ...syria, count: 3 },
  { ...clusterMunitions, count: 1 },
  { ...deconfliction, count: 1 },
];
