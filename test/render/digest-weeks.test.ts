// The digest's week logic: which weeks exist, their dates, the clock and time zone, neighbours, the lead, grouping.
import { describe, expect, it } from "vitest";
import {
  adjacentWeeks,
  digestContents,
  finishedWeeks,
  groupByFirstTopic,
  latestWeek,
  leadStory,
  missingWeek,
  planDigest,
} from "../../src/render/digest/week-plan.js";
import { minutesLabel, weekLabel, weekRangeLabel } from "../../src/render/digest/words.js";
import { parseWeek, weekBounds, weekDates, weekOfDate, weekOfInstant } from "../../src/shared/isoweek.js";
import { rfc3339 } from "../../src/shared/time.js";
import { loadBuilt } from "../support/dist.js";
import { at, BUSY_WEEK, planOf, SEEDS, SITE, summariesOf } from "./digest-fixtures.js";

const LATER = Date.parse("2026-11-21T12:00:00Z");
const names = (weeks: { name: string }[]) => weeks.map((w) => w.name);

describe("the seed archive", () => {
  const plan = planOf(SEEDS, LATER);

  it("holds exactly five weeks, newest first, all finished", () => {
    expect(names(plan.weeks)).toEqual(["2018-W29", "2018-W07", "2016-W24", "2015-W41", "2015-W40"]);
    expect(plan.weeks.every((w) => w.finished && w.articles.length === 1)).toBe(true);
    expect(names(finishedWeeks(plan.weeks))).toEqual(names(plan.weeks));
    expect(plan.weeks.find((w) => !w.finished)).toBeUndefined();
  });

  it("labels each week with its Monday-to-Sunday dates", () => {
    expect(plan.weeks.map((w) => weekLabel(w.week))).toEqual([
      "16–22 July 2018",
      "12–18 February 2018",
      "13–19 June 2016",
      "5–11 October 2015",
      "28 September – 4 October 2015",
    ]);
  });
});

describe("ISO weeks at year boundaries", () => {
  it("puts the days around New Year in the week their Thursday decides", () => {
    expect(weekOfDate("2015-12-31")).toBe("2015-W53");
    expect(weekOfDate("2016-01-03")).toBe("2015-W53");
    expect(weekOfDate("2016-01-04")).toBe("2016-W01");
    expect(weekOfDate("2020-12-31")).toBe("2020-W53");
    expect(weekOfDate("2021-01-03")).toBe("2020-W53");
    expect(weekOfDate("2021-01-04")).toBe("2021-W01");
    expect(weekOfDate("2008-12-29")).toBe("2009-W01");
  });

  it("gives 53-week years their week 53 and its dates across the new year", () => {
    expect(weekDates({ year: 2015, week: 53 })).toEqual({ monday: "2015-12-28", sunday: "2016-01-03" });
    expect(weekDates({ year: 2020, week: 53 })).toEqual({ monday: "2020-12-28", sunday: "2021-01-03" });
    expect(weekDates({ year: 2021, week: 1 })).toEqual({ monday: "2021-01-04", sunday: "2021-01-10" });
    expect(weekLabel({ year: 2015, week: 53 })).toBe("28 December 2015 – 3 January 2016");
    expect(weekLabel({ year: 2020, week: 53 })).toBe("28 December 2020 – 3 January 2021");
    expect(weekLabel({ year: 2021, week: 1 })).toBe("4–10 January 2021");
  });

  it("files an article of 2 January 2016 under 2015-W53", () => {
    const plan = planOf([{ ...at(SEEDS, 0), slug: "new-year", date: "2016-01-02" }, at(SEEDS, 2)], LATER);
    expect(names(plan.weeks)).toEqual(["2016-W24", "2015-W53"]);
    expect(weekLabel(at(plan.weeks, 1).week)).toBe("28 December 2015 – 3 January 2016");
  });
});

describe("parseWeek", () => {
  it("accepts real weeks, 53rd weeks included", () => {
    expect(parseWeek("2018-W29")).toEqual({ year: 2018, week: 29 });
    expect(parseWeek("2015-W53")).toEqual({ year: 2015, week: 53 });
    expect(parseWeek("2020-W53")).toEqual({ year: 2020, week: 53 });
    expect(parseWeek("2021-W01")).toEqual({ year: 2021, week: 1 });
  });

  it.each([
    "2021-W53", // 2021 has 52 weeks
    "2018-W7", // week must be two digits
    "2018-W00",
    "2018-W54",
    "2018W29",
    "2018-w29",
    " 2018-W29",
    "2018-W29 ",
    "18-W29",
    "0050-W01", // Date.UTC would read the year as 1950
    "9999-W52", // ends in the year 10000
    "２０１８-W29",
  ])("rejects %j", (name) => {
    expect(parseWeek(name)).toBeNull();
  });
});

describe("date-range labels", () => {
  it("writes the month once within a month, both months across months, both years across years", () => {
    expect(weekRangeLabel("2018-07-16", "2018-07-22")).toBe("16–22 July 2018");
    expect(weekRangeLabel("2015-09-28", "2015-10-04")).toBe("28 September – 4 October 2015");
    expect(weekRangeLabel("2015-12-28", "2016-01-03")).toBe("28 December 2015 – 3 January 2016");
  });
});

describe("the site's time zone", () => {
  const lateSunday = "2018-07-22T23:30:00-04:00";

  it("decides the week of an instant", () => {
    const instant = Date.parse(lateSunday);
    expect(weekOfInstant(instant, "America/New_York")).toBe("2018-W29");
    expect(weekOfInstant(instant, "Europe/Berlin")).toBe("2018-W30");
  });

  it("files the same article in 2018-W29 for New York and 2018-W30 for Berlin", () => {
    const spec = { ...at(BUSY_WEEK, 3), date: lateSunday };
    const ny = planOf([spec], LATER);
    const berlinSite = { ...SITE, timeZone: "Europe/Berlin" };
    const berlin = planOf([spec], LATER, undefined, berlinSite);
    expect(names(ny.weeks)).toEqual(["2018-W29"]);
    expect(names(berlin.weeks)).toEqual(["2018-W30"]);
    expect(weekLabel(at(berlin.weeks, 0).week)).toBe("23–29 July 2018");
  });

  it("ends a week at midnight on Sunday night, local time", () => {
    const w29 = { year: 2018, week: 29 };
    expect(rfc3339(weekBounds(w29, "America/New_York").end, "America/New_York")).toBe("2018-07-23T00:00:00-04:00");
    expect(rfc3339(weekBounds(w29, "Europe/Berlin").end, "Europe/Berlin")).toBe("2018-07-23T00:00:00+02:00");
  });
});

describe("finished and in progress", () => {
  const index = summariesOf([...SEEDS, ...BUSY_WEEK]);

  it("shows the week in progress, labelled so, and keeps it out of the finished weeks", () => {
    const plan = planDigest(SITE, index, Date.parse("2018-07-22T23:59:59-04:00"));
    expect(plan.weeks.find((w) => !w.finished)?.name).toBe("2018-W29");
    expect(plan.weeks[0]?.finished).toBe(false);
    expect(names(finishedWeeks(plan.weeks))).toEqual(["2018-W07", "2016-W24", "2015-W41", "2015-W40"]);
    expect(latestWeek(plan.weeks)?.name).toBe("2018-W07");
  });

  it("finishes the week at the stroke of Monday midnight in the site's zone", () => {
    const plan = planDigest(SITE, index, Date.parse("2018-07-23T00:00:00-04:00"));
    expect(plan.weeks.find((w) => !w.finished)).toBeUndefined();
    expect(names(finishedWeeks(plan.weeks))[0]).toBe("2018-W29");
    expect(latestWeek(plan.weeks)?.name).toBe("2018-W29");
  });

  it("finishes Berlin's week six hours before New York's", () => {
    const instant = Date.parse("2018-07-22T18:30:00-04:00"); // 00:30 on Monday in Berlin
    const berlin = planOf(SEEDS, instant, undefined, { ...SITE, timeZone: "Europe/Berlin" });
    const ny = planOf(SEEDS, instant);
    expect(berlin.weeks[0]?.finished).toBe(true);
    expect(ny.weeks[0]?.finished).toBe(false);
  });

  it("shows the week in progress at /digest while no week has finished", () => {
    const plan = planOf([at(SEEDS, 4)], Date.parse("2018-07-18T12:00:00-04:00"));
    expect(finishedWeeks(plan.weeks)).toEqual([]);
    expect(latestWeek(plan.weeks)?.name).toBe("2018-W29");
  });

  it("leaves out weeks that have not begun, even with articles dated in them", () => {
    const ahead = { ...at(BUSY_WEEK, 0), slug: "scheduled", date: "2018-08-01T09:00:00-04:00" };
    const plan = planOf([...SEEDS, ahead], Date.parse("2018-07-18T12:00:00-04:00"));
    expect(names(plan.weeks)[0]).toBe("2018-W29");
    expect(missingWeek("2018-W29", "2018-W31")).toEqual({ kind: "future", name: "2018-W31" });
    expect(weekLabel("2018-W31")).toBe("30 July – 5 August 2018");
    expect(adjacentWeeks(plan.weeks, "2018-W29").next).toBeUndefined();
  });
});

describe("weeks without a digest, and a week's neighbours", () => {
  const plan = planOf(SEEDS, Date.parse("2018-07-18T12:00:00-04:00"));

  it("tells a week without articles from one that has not begun", () => {
    expect(missingWeek("2018-W29", "2017-W01")).toEqual({ kind: "empty", name: "2017-W01" });
    expect(weekLabel("2017-W01")).toBe("2–8 January 2017");
    expect(missingWeek("2018-W29", "2018-W30")).toEqual({ kind: "future", name: "2018-W30" });
    expect(missingWeek("2019-W01", "2018-W52").kind).toBe("empty");
    // The week in progress without articles is empty, not future.
    expect(missingWeek("2018-W29", "2018-W29").kind).toBe("empty");
  });

  it("finds the neighbours with articles, skipping empty weeks", () => {
    const around = (name: string) => {
      const { previous, next } = adjacentWeeks(plan.weeks, name);
      return [previous?.name, next?.name];
    };
    expect(around("2016-W24")).toEqual(["2015-W41", "2018-W07"]);
    expect(around("2015-W40")).toEqual([undefined, "2015-W41"]);
    expect(around("2018-W29")).toEqual(["2018-W07", undefined]);
    expect(around("2017-W01")).toEqual(["2016-W24", "2018-W07"]); // an empty week: the nearest on each side
    expect(around("2030-W01")).toEqual(["2018-W29", undefined]); // a future week: the latest before it
  });
});

describe("what a week holds", () => {
  const plan = planOf([...SEEDS, ...BUSY_WEEK], LATER);
  const w29 = at(plan.weeks, 0);

  it("sums the reading time of its articles", () => {
    expect(w29.articles.map((a) => a.readingMinutes)).toEqual([1, 3, 2, 6, 6]);
    expect(w29.readingMinutes).toBe(18);
    expect(minutesLabel(18)).toBe("18 minutes");
    expect(minutesLabel(1)).toBe("1 minute");
    expect(minutesLabel(60)).toBe("1 hour");
    expect(minutesLabel(65)).toBe("1 hour 5 minutes");
    expect(minutesLabel(121)).toBe("2 hours 1 minute");
  });

  it("leads with the longest article, the newest of equals", () => {
    // Helsinki (17 July) and the Times' piece (16 July) both run 1,365 words.
    expect(leadStory(w29.articles)?.slug).toBe("helsinki-summit-syria");
    const shorter = w29.articles.map((a) => (a.slug === "helsinki-summit-syria" ? { ...a, wordCount: 1364 } : a));
    expect(leadStory(shorter)?.slug).toBe("american-russian-relations-in-syria");
    const sameInstant = w29.articles
      .filter((a) => a.wordCount === 1365)
      .map((a) => ({ ...a, published: "2018-07-17T09:15:00-04:00" }));
    expect(leadStory(sameInstant)?.slug).toBe("american-russian-relations-in-syria"); // then by slug
    expect(leadStory([])).toBeUndefined();
  });

  it("files each other article once, under its first topic, biggest sections first, the untopical last", () => {
    const { lead, sections } = digestContents(plan, w29);
    expect(lead.slug).toBe("helsinki-summit-syria");
    expect(sections.map((s) => [s.topic?.slug ?? null, s.articles.map((a) => a.slug)])).toEqual([
      ["airstrikes", ["deir-ez-zor-strikes-resume"]],
      ["deconfliction", ["hotline-calls-daily"]],
      ["russia", ["american-russian-relations-in-syria"]],
      [null, ["late-sunday-brief"]],
    ]);
    const listed = [lead, ...sections.flatMap((s) => s.articles)].map((a) => a.slug).sort();
    expect(listed).toEqual(w29.articles.map((a) => a.slug).sort());
  });

  it("orders sections by size, then label, keeping articles newest first", () => {
    const russiaFirst = w29.articles.map((a) =>
      a.slug === "hotline-calls-daily" ? { ...a, topics: [{ slug: "russia", label: "Russia" }] } : a,
    );
    expect(groupByFirstTopic(russiaFirst).map((g) => [g.topic?.label ?? null, g.articles.map((a) => a.date)])).toEqual([
      ["Russia", ["2018-07-21", "2018-07-16"]],
      ["Airstrikes", ["2018-07-19"]],
      ["Syria", ["2018-07-17"]],
      [null, ["2018-07-22"]],
    ]);
  });

  it("keeps a topic's plan to that topic's articles and weeks", () => {
    const cluster = planOf([...SEEDS, ...BUSY_WEEK], LATER, "cluster-munitions");
    expect(names(cluster.weeks)).toEqual(["2016-W24"]);
    expect(cluster.topic).toEqual({ slug: "cluster-munitions", label: "Cluster munitions" });
    const russia = planOf([...SEEDS, ...BUSY_WEEK], LATER, "russia");
    expect(russia.weeks[0]?.articles.map((a) => a.slug)).toEqual([
      "hotline-calls-daily",
      "helsinki-summit-syria",
      "american-russian-relations-in-syria",
    ]);
    const { sections } = digestContents(russia, at(russia.weeks, 0));
    expect(sections.map((s) => s.topic?.slug)).toEqual(["russia"]);
  });
});

// The build `npm test` makes first, from content/.
describe("the built seed weeks", () => {
  it("are exactly the five seed weeks, each finished, with its one article", async () => {
    const built = await loadBuilt();
    const weeks = Object.keys(built.routes)
      .map((path) => /^\/digest\/(\d{4}-W\d{2})$/.exec(path)?.[1])
      .filter((w) => w !== undefined)
      .sort()
      .reverse();
    expect(weeks).toEqual(["2018-W29", "2018-W07", "2016-W24", "2015-W41", "2015-W40"]);
    const archive = built.text("/digest/archive");
    for (const label of [
      "16–22 July 2018",
      "12–18 February 2018",
      "13–19 June 2016",
      "5–11 October 2015",
      "28 September – 4 October 2015",
    ])
      expect(archive).toContain(label);
    expect(archive).not.toContain("in progress");
  });
});
