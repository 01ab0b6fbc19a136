// Article summaries for the digest tests, made by the build itself (test/support/articles.ts).
import { planDigest } from "../../src/render/digest/week-plan.js";
import type { ArticleSummary } from "../../src/shared/article.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { type ArticleSpec, PROJECT_SITE, summaryFrom } from "../support/articles.js";

export { type ArticleSpec, at } from "../support/articles.js";

export const SITE: SiteConfig = PROJECT_SITE;

/** The summaries of `specs`, newest first, as the build orders them. */
export function summariesOf(specs: ArticleSpec[], site: SiteConfig = SITE): ArticleSummary[] {
  return specs
    .map((s) => summaryFrom(s, site))
    .sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || a.slug.localeCompare(b.slug));
}

/** The digest's plan of `specs` at `now`. */
export function planOf(specs: ArticleSpec[], now: number, topic?: string, site: SiteConfig = SITE) {
  const articles = summariesOf(specs, site);
  const t = topic ? articles.flatMap((a) => a.topics).find((x) => x.slug === topic) : undefined;
  return planDigest(site, articles, now, t ?? (topic ? { slug: topic, label: topic } : undefined));
}

/** The five seed articles (content/), one per week, with the facts their front matter marks unconfirmed. */
export const SEEDS: ArticleSpec[] = [
  {
    slug: "us-russia-bomb-same-country",
    title: "Not since World War II have U.S., Russia bombed same country",
    date: "2015-09-30",
    publisher: "McClatchy DC",
    byline: "James Rosen",
    topics: ["russia", "syria", "united-states", "airstrikes", "deconfliction", "islamic-state"],
    summary:
      "For the first time in 70 years, U.S. and Russian bombers are flying in the same skies, but it remains to be seen whether they are on the same side as they were in World War II.",
    wordCount: 1004,
  },
  {
    slug: "missiles-fired-from-russian-warships",
    title: "Syria Attack Escalates, Missiles Fired From Russian Warships",
    date: "2015-10-07",
    publisher: "The New York Times",
    byline: "Andrew E. Kramer and Anne Barnard",
    unconfirmed: ["byline"],
    topics: ["russia", "syria", "cruise-missiles", "ground-offensive", "deconfliction", "islamic-state"],
    summary:
      "The Russian military, sharply escalating its military intervention in Syria, launched 26 medium-range cruise missiles on Wednesday from four Russian warships in the Caspian Sea.",
    wordCount: 912,
  },
  {
    slug: "russia-cluster-bombed-us-backed-fighters",
    title: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters",
    date: "2016-06-18",
    publisher: "The Washington Post (Checkpoint)",
    byline: "Thomas Gibbons-Neff",
    unconfirmed: ["byline"],
    url: "https://www.washingtonpost.com/news/checkpoint/wp/2016/06/18/images-suggest-that-russia-cluster-bombed-u-s-backed-syrian-fighters/",
    topics: ["russia", "syria", "united-states", "airstrikes", "cluster-munitions", "islamic-state"],
    summary:
      "Russian airstrikes targeted the base of U.S.-backed Syrian fighters near the Jordanian border earlier this week, according to U.S. defense officials.",
    wordCount: 768,
  },
  {
    slug: "russian-and-us-forces-clash-in-syria",
    title: "Russian And U.S. Forces Reportedly Clash In Syria",
    date: "2018-02-15",
    publisher: "TrigTent",
    url: "https://www.trigtent.com/world/russian-and-us-forces-reportedly-clash-syria",
    unconfirmed: ["date"],
    topics: ["russia", "syria", "united-states", "wagner-group"],
    summary:
      "The Syrian conflict is slowly becoming a battleground for old Cold War foes. Recently, reports have begun to emerge about an American attack on pro-regime forces in Syria.",
    wordCount: 598,
  },
  {
    slug: "american-russian-relations-in-syria",
    title: "American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim",
    date: "2018-07-16",
    publisher: "The New York Times",
    byline: "Eric Schmitt and Thomas Gibbons-Neff",
    topics: ["russia", "syria", "united-states", "deconfliction", "wagner-group", "cruise-missiles", "airstrikes"],
    summary:
      "Despite political tensions between the United States and Russia, the two nations’ militaries are cooperating closely — particularly in Syria, President Trump and President Vladimir V. Putin said on Monday.",
    wordCount: 1365,
  },
];

/** A busy week, 2018-W29 (16–22 July 2018), on top of the seeds: several topics, a tie for the lead, no topics. */
export const BUSY_WEEK: ArticleSpec[] = [
  {
    slug: "helsinki-summit-syria",
    title: "At Helsinki, Syria Is the One Place Trump and Putin Agree On",
    date: "2018-07-17T09:15:00-04:00",
    publisher: "Reuters",
    byline: "By Phil Stewart",
    url: "https://www.reuters.com/article/helsinki-summit-syria",
    topics: ["syria", "russia"],
    summary:
      "The two leaders said their militaries would keep talking in Syria. Officials were less sure what that meant.",
    wordCount: 1365,
  },
  {
    slug: "deir-ez-zor-strikes-resume",
    title: "Coalition Strikes Resume Near Deir ez-Zor",
    date: "2018-07-19T14:00:00-04:00",
    updated: "2018-07-25T08:00:00-04:00",
    publisher: "Associated Press",
    topics: ["airstrikes", "islamic-state"],
    summary: "Coalition aircraft struck Islamic State positions east of the Euphrates for a third day.",
    wordCount: 420,
  },
  {
    slug: "hotline-calls-daily",
    title: "The Hotline That Keeps Russian and American Jets Apart",
    date: "2018-07-21T10:00:00-04:00",
    publisher: "Defense One",
    byline: "Marcus Weisgerber",
    topics: ["deconfliction", "russia"],
    summary: "An officer in Qatar calls an officer in Latakia every day. Most calls are routine; some are not.",
    wordCount: 640,
  },
  {
    slug: "late-sunday-brief",
    title: "Late Sunday: What the Week Meant",
    date: "2018-07-22T23:30:00-04:00",
    publisher: "Dispatch desk",
    topics: [],
    summary: "A short look back at the week, filed just before midnight.",
    wordCount: 230,
  },
];
