// What a reader of the digest sees: the week page, /digest, the archive, the 404 and 400 pages, the email and the text.
import { describe, expect, it } from "vitest";
import { renderDigestArchive } from "../../src/render/digest/archive.js";
import { renderDigestEmail } from "../../src/render/digest/email.js";
import { renderDigestBadWeek, renderDigestNotFound } from "../../src/render/digest/not-found.js";
import { renderDigestPage } from "../../src/render/digest/page.js";
import { renderDigestText, TEXT_WIDTH } from "../../src/render/digest/text.js";
import { type DigestPlan, type DigestWeek, missingWeek, planDigest } from "../../src/render/digest/week-plan.js";
import { currentWeek, formatWeek } from "../../src/shared/isoweek.js";
import { type ArticleSpec, at, BUSY_WEEK, planOf, SEEDS, SITE, summariesOf } from "./digest-fixtures.js";

/** A page without its JSON-LD data blocks (schema.org), which browsers never run: what is left must hold no script. */
const withoutDataBlocks = (html: string) => html.replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, "");

const LATER = Date.parse("2026-11-21T12:00:00Z");
const DURING_W29 = Date.parse("2018-07-20T12:00:00-04:00");

const ALL = summariesOf([...SEEDS, ...BUSY_WEEK]);
const ORIGINALS = ALL.flatMap((a) => (a.url ? [a.url] : []));

function weekOf(plan: DigestPlan, name: string): DigestWeek {
  const found = plan.weeks.find((w) => w.name === name);
  if (!found) throw new Error(`${name} has no articles`);
  return found;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** The text a reader sees in a piece of markup, whitespace collapsed. */
const textOf = (html: string) =>
  decode(html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();

const main = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? "";

/** The inner HTML of the <section> labelled by `id`. */
const section = (html: string, id: string) =>
  new RegExp(`<section[^>]*aria-labelledby="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? "";

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Every URL the markup points at with src= or href=. */
const urls = (html: string) => [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => decode(m[1] ?? ""));

/** Fails on any URL outside the site, except links to the articles' originals. */
function expectNoForeignUrls(html: string) {
  for (const url of urls(html)) {
    const local =
      url.startsWith("/") ||
      url.startsWith("#") ||
      url.startsWith(`${SITE.origin}/`) ||
      url === SITE.origin ||
      url === "data:,"; // an inline empty icon: loads nothing
    if (!local) expect(ORIGINALS, `unexpected URL ${url}`).toContain(url);
  }
  expect(html).not.toMatch(/\ssrc=/);
}

/** Heading levels in order: one h1, first, and no level skipped on the way down. */
function expectHeadingOutline(html: string) {
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(at(levels, i)).toBeLessThanOrEqual(at(levels, i - 1) + 1);
}

describe("a week's digest page", () => {
  const plan = planDigest(SITE, ALL, LATER);
  const html = renderDigestPage(plan, weekOf(plan, "2018-W29"));
  const body = main(html);

  it("names the week, its dates, the number of articles and the reading time", () => {
    expect(textOf(/<h1>[\s\S]*?<\/h1>/.exec(body)?.[0] ?? "")).toBe("16–22 July 2018");
    expect(textOf(body)).toContain("2018-W29");
    expect(textOf(body)).toContain("5 articles · 18 minutes of reading");
    expect(textOf(/<title>[\s\S]*?<\/title>/.exec(html)?.[0] ?? "")).toBe("Weekly digest: 16–22 July 2018 · Dispatch");
    expect(textOf(body)).not.toContain("In progress");
  });

  it("leads with the longest article, the newest of equals", () => {
    const lead = textOf(section(body, "lead"));
    expect(lead).toContain("Lead story");
    expect(lead).toContain("At Helsinki, Syria Is the One Place Trump and Putin Agree On");
    expect(lead).toContain("Reuters · By Phil Stewart · Tuesday 17 July 2018 · 6 min read");
    expect(lead).toContain("Original at reuters.com");
  });

  it("lists every article in the table of contents, linked to where it is on the page", () => {
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? "";
    expect(textOf(toc)).toBe(
      "In this digest Lead story At Helsinki, Syria Is the One Place Trump and Putin Agree On " +
        "Airstrikes Coalition Strikes Resume Near Deir ez-Zor " +
        "Deconfliction The Hotline That Keeps Russian and American Jets Apart " +
        "Russia American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim " +
        "Other articles Late Sunday: What the Week Meant",
    );
    for (const [, anchor] of toc.matchAll(/href="#([^"]+)"/g)) expect(body).toContain(`id="${anchor}"`);
  });

  it("shows each article once, under its first topic", () => {
    for (const a of at(plan.weeks, 0).articles) expect(count(body, `<a href="/articles/${a.slug}">`)).toBe(1);
    expect(textOf(section(body, "topic-airstrikes"))).toContain("Coalition Strikes Resume Near Deir ez-Zor");
    expect(textOf(section(body, "topic-deconfliction"))).toContain("The Hotline That Keeps Russian");
    expect(textOf(section(body, "topic-russia"))).toContain("American-Russian Relations in Syria?");
    expect(textOf(section(body, "topic-none"))).toContain("Late Sunday: What the Week Meant");
    // Helsinki's first topic is Syria, but it is the lead: no Syria section repeats it.
    expect(section(body, "topic-syria")).toBe("");
  });

  it("credits each article and gives its date, reading time, summary and original when known", () => {
    const russia = textOf(section(body, "topic-russia"));
    expect(russia).toContain(
      "The New York Times · By Eric Schmitt and Thomas Gibbons-Neff · Monday 16 July 2018 · 6 min read",
    );
    expect(russia).toContain("the two nations’ militaries are cooperating closely");
    expect(russia).not.toContain("Original at");
    expect(textOf(section(body, "topic-airstrikes"))).toContain(
      "Associated Press · Thursday 19 July 2018 · 2 min read",
    );
    expect(body).toContain('<time datetime="2018-07-16T00:00:00-04:00">Monday 16 July 2018</time>');
  });

  it("is semantic: one h1, no skipped heading level, header, nav, sections, articles, lists", () => {
    expectHeadingOutline(body);
    expect(body).toMatch(/<header class="digest-head">/);
    expect(count(body, "<article")).toBe(5);
    expect(body).toMatch(/<nav class="weeks" aria-label="Other weeks"><ul>/);
  });

  it("links to the feeds, advertises them for autodiscovery and names its permalink as canonical", () => {
    expect(html).toContain('<link rel="canonical" href="https://dispatch.example.com/digest/2018-W29"/>');
    for (const [type, ext] of [
      ["application/atom+xml", "atom"],
      ["application/rss+xml", "rss"],
      ["application/feed+json", "json"],
    ]) {
      expect(html).toMatch(
        new RegExp(
          `<link rel="alternate" type="${type?.replace("+", "\\+")}" title="[^"]+" href="https://dispatch.example.com/digest/feed.${ext}"/>`,
        ),
      );
      expect(body).toContain(`href="/feeds#digest-site-${ext}"`);
    }
    expect(body).toContain('href="/digest/2018-W29/email"');
    expect(body).toContain('href="/digest/2018-W29.txt"');
  });

  it("has no script and loads nothing from elsewhere", () => {
    expect(withoutDataBlocks(html)).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expectNoForeignUrls(html);
  });

  it("adapts to dark mode and print with its inline stylesheet", () => {
    expect(html).toMatch(/<style>[\s\S]*prefers-color-scheme:dark[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).toContain("nav.toc");
  });
});

describe("moving between weeks", () => {
  const plan = planDigest(SITE, ALL, LATER);
  const nav = (name: string) => {
    const html = renderDigestPage(plan, weekOf(plan, name));
    return textOf(/<nav class="weeks"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "");
  };

  it("skips the empty weeks between neighbours", () => {
    expect(nav("2016-W24")).toBe("← Previous: 5–11 October 2015 All weeks Next: 12–18 February 2018 →");
    expect(renderDigestPage(plan, weekOf(plan, "2016-W24"))).toContain('<a rel="prev" href="/digest/2015-W41">');
  });

  it("has no previous link on the first week and no next link on the last", () => {
    expect(nav("2015-W40")).toBe("All weeks Next: 5–11 October 2015 →");
    expect(nav("2018-W29")).toBe("← Previous: 12–18 February 2018 All weeks");
  });

  it("spells date ranges across months and years", () => {
    const html = renderDigestPage(plan, weekOf(plan, "2015-W40"));
    expect(textOf(/<h1>[\s\S]*?<\/h1>/.exec(html)?.[0] ?? "")).toBe("28 September – 4 October 2015");
    const newYear: ArticleSpec = { ...at(SEEDS, 0), slug: "new-year", date: "2016-01-01" };
    const nyPlan = planOf([newYear], LATER);
    const nyHtml = renderDigestPage(nyPlan, weekOf(nyPlan, "2015-W53"));
    expect(textOf(/<h1>[\s\S]*?<\/h1>/.exec(nyHtml)?.[0] ?? "")).toBe("28 December 2015 – 3 January 2016");
  });
});

describe("the week in progress", () => {
  const plan = planDigest(SITE, ALL, DURING_W29);
  const html = renderDigestPage(plan, weekOf(plan, "2018-W29"));

  it("says it is in progress and when it ends", () => {
    expect(textOf(/<title>[\s\S]*?<\/title>/.exec(html)?.[0] ?? "")).toBe(
      "Weekly digest: 16–22 July 2018 (in progress) · Dispatch",
    );
    expect(textOf(main(html))).toContain(
      "In progress. This week ends at midnight after Sunday 22 July 2018 (America/New_York time)",
    );
  });

  it("is reached from the last finished week, whose page reads the same before and after it ends", () => {
    const previous = renderDigestPage(plan, weekOf(plan, "2018-W07"));
    expect(textOf(/<nav class="weeks"[\s\S]*?<\/nav>/.exec(previous)?.[0] ?? "")).toContain("Next: 16–22 July 2018 →");
    // The build renders a finished week's page once, for every later version too: it must not change when the next week ends.
    const afterwards = planDigest(SITE, ALL, LATER);
    expect(renderDigestPage(afterwards, weekOf(afterwards, "2018-W07"))).toBe(previous);
  });
});

describe("escaping", () => {
  it("shows markup in an article's text as text", () => {
    const hostile: ArticleSpec = {
      ...at(SEEDS, 4),
      title: `<script>alert("x")</script> & "quotes"`,
      summary: "A <b>bold</b> claim & <img src=x onerror=alert(1)>.",
      publisher: "O'Reilly & Sons",
    };
    const plan = planOf([hostile], LATER);
    const html = renderDigestPage(plan, weekOf(plan, "2018-W29"));
    expect(withoutDataBlocks(html)).not.toMatch(/<script|<img|<b>/);
    // In the JSON-LD, "<" is \u003c: no text there can close the data block.
    expect(html).toContain('"headline":"\\u003cscript>alert');
    expect(textOf(main(html))).toContain(`<script>alert("x")</script> & "quotes"`);
    expect(textOf(main(html))).toContain("A <b>bold</b> claim & <img src=x onerror=alert(1)>.");
    const email = renderDigestEmail(plan, weekOf(plan, "2018-W29"));
    expect(email).not.toMatch(/<script|<img|<b>/);
  });
});

describe("the archive", () => {
  const plan = planDigest(SITE, ALL, DURING_W29);
  const html = renderDigestArchive(plan);
  const body = main(html);

  it("lists every week with its dates and article count, newest first, by year", () => {
    const items = [...body.matchAll(/<ul class="week-list">([\s\S]*?)<\/ul>/g)].flatMap((m) =>
      [...(m[1] ?? "").matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) => textOf(li[1] ?? "")),
    );
    expect(items).toEqual([
      "16–22 July 2018 (in progress) 2018-W29 · 5 articles · 18 minutes of reading Lead: At Helsinki, Syria Is the One Place Trump and Putin Agree On",
      "12–18 February 2018 2018-W07 · 1 article · 3 minutes of reading Lead: Russian And U.S. Forces Reportedly Clash In Syria",
      "13–19 June 2016 2016-W24 · 1 article · 4 minutes of reading Lead: Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters",
      "5–11 October 2015 2015-W41 · 1 article · 4 minutes of reading Lead: Syria Attack Escalates, Missiles Fired From Russian Warships",
      "28 September – 4 October 2015 2015-W40 · 1 article · 5 minutes of reading Lead: Not since World War II have U.S., Russia bombed same country",
    ]);
    expect([...body.matchAll(/<h2 id="year-(\d+)">/g)].map((m) => m[1])).toEqual(["2018", "2016", "2015"]);
    expect(body).toContain('<a href="/digest/2015-W40">28 September – 4 October 2015</a>');
  });

  it("offers the digest feeds, site-wide and per topic", () => {
    expect(body).toContain('href="/feeds#digest-site-atom"');
    expect(textOf(section(body, "topic-digests"))).toContain("Cluster munitions (1 article)");
    expect(body).toContain('href="/feeds#digest-topic-cluster-munitions-atom"');
    expect(body).toContain('href="/feeds#digest-topic-russia-json"');
  });

  it("is a sound page of its own", () => {
    expect(html).toContain('<link rel="canonical" href="https://dispatch.example.com/digest/archive"/>');
    expectHeadingOutline(body);
    expect(withoutDataBlocks(html)).not.toMatch(/<script/i);
    expectNoForeignUrls(html);
  });

  it("says so when no week has articles", () => {
    const empty = renderDigestArchive(planDigest(SITE, [], LATER));
    expect(textOf(main(empty))).toContain("No week has articles yet.");
  });
});

describe("a week without a digest", () => {
  const plan = planOf(SEEDS, DURING_W29);
  // What the Worker knows of the digest when it renders these pages: the week in progress and the weeks with articles.
  const index = { site: plan.site, current: formatWeek(currentWeek(DURING_W29, SITE.timeZone)), weeks: plan.weeks };

  it("explains an empty week and links to the nearest weeks with articles and the archive", () => {
    const html = renderDigestNotFound(index, missingWeek(index.current, "2017-W01"));
    expect(textOf(main(html))).toBe(
      "No digest for 2017-W01 No articles were published in the week of 2–8 January 2017. " +
        "Before: 13–19 June 2016 (2016-W24) After: 12–18 February 2018 (2018-W07) Every week in the archive",
    );
    expect(html).toContain('href="/digest/2016-W24"');
    expect(html).toContain('href="/digest/2018-W07"');
    expect(html).toContain('href="/digest/archive"');
    expect(html).not.toContain('rel="canonical"');
  });

  it("explains a future week and links back to the latest", () => {
    expect(textOf(main(renderDigestNotFound(index, missingWeek(index.current, "2019-W03"))))).toBe(
      "No digest for 2019-W03 The week of 14–20 January 2019 has not begun yet. " +
        "Before: 16–22 July 2018 (2018-W29), in progress Every week in the archive",
    );
  });

  it("tells a malformed week how weeks are written, without echoing markup", () => {
    const html = renderDigestBadWeek(index, '2018-W7"><script>x</script>');
    expect(withoutDataBlocks(html)).not.toMatch(/<script/i);
    expect(textOf(main(html))).toContain('“2018-W7"><script>x</script>” is not an ISO week.');
    expect(textOf(main(html))).toContain("such as 2018-W29");
    expect(html).toContain('href="/digest/archive"');
    const long = renderDigestBadWeek(index, "x".repeat(500));
    expect(textOf(main(long))).toContain(`“${"x".repeat(40)}…”`);
  });
});

describe("facts the front matter marks as not confirmed", () => {
  const plan = planDigest(SITE, ALL, LATER);
  const formats = (week: string) => {
    const w = weekOf(plan, week);
    return {
      page: textOf(main(renderDigestPage(plan, w))),
      email: textOf(renderDigestEmail(plan, w)),
      text: renderDigestText(plan, w).replace(/\s+/g, " "),
    };
  };

  it("are said to be so in the credit line of the page, the email and the text", () => {
    for (const [format, shown] of Object.entries(formats("2016-W24"))) {
      expect(shown, format).toContain(
        "The Washington Post (Checkpoint) · By Thomas Gibbons-Neff (byline not confirmed) · Saturday 18 June 2016 · 4 min read",
      );
    }
    for (const [format, shown] of Object.entries(formats("2018-W07"))) {
      expect(shown, format).toContain("TrigTent · Thursday 15 February 2018 (date estimated) · 3 min read");
    }
  });

  it("leave confirmed facts unmarked", () => {
    for (const [format, shown] of Object.entries(formats("2018-W29"))) {
      expect(shown, format).toContain("The New York Times · By Eric Schmitt and Thomas Gibbons-Neff · Monday 16 July");
      expect(shown, format).not.toMatch(/not confirmed|estimated/);
    }
  });

  it("say so of a link to the original that is not confirmed", () => {
    const w = weekOf(plan, "2016-W24");
    const article = at(w.articles, 0);
    const marked = { ...w, articles: [{ ...article, unconfirmed: ["byline" as const, "url" as const] }] };
    expect(textOf(main(renderDigestPage(plan, marked)))).toContain(
      "Original at washingtonpost.com (address not confirmed)",
    );
    expect(textOf(renderDigestEmail(plan, marked))).toContain("Original at washingtonpost.com (address not confirmed)");
    expect(renderDigestText(plan, marked)).toContain(`Original (address not confirmed):\n${article.url}\n`);
    // Unmarked, the same link says nothing more.
    expect(textOf(main(renderDigestPage(plan, w)))).toMatch(/Original at washingtonpost\.com(?! \()/);
  });
});

describe("the email", () => {
  const plan = planDigest(SITE, ALL, LATER);
  const html = renderDigestEmail(plan, weekOf(plan, "2018-W29"));

  it("is one 600px table layout with every style inline", () => {
    const tables = [...html.matchAll(/<table\b[^>]*>/g)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) expect(t).toMatch(/\swidth="600"/);
    // The one <link> is an inline empty icon, so a browser opening the email asks the server for nothing.
    expect(html).toContain('<link rel="icon" href="data:,"/>');
    expect(html).not.toMatch(/<style|<script|<link(?! rel="icon" href="data:,")|\sclass=/i);
    for (const tag of html.matchAll(/<(td|h1|h2|h3|p|a)\b[^>]*>/g)) expect(tag[0]).toMatch(/\sstyle="[^"]+"/);
  });

  it("uses absolute links only and loads nothing", () => {
    // "data:," is the inline empty icon, which loads nothing.
    for (const url of urls(html).filter((u) => u !== "data:,")) expect(url).toMatch(/^https:\/\//);
    expect(html).not.toMatch(/\ssrc=|url\(/);
    expectNoForeignUrls(html);
    expect(html).toContain('href="https://dispatch.example.com/articles/helsinki-summit-syria"');
    expect(html).toContain('href="https://dispatch.example.com/digest/2018-W29"');
  });

  it("carries the whole digest: week, counts, lead, every article once", () => {
    const text = textOf(html);
    expect(text).toContain("16–22 July 2018");
    expect(text).toContain("5 articles · 18 minutes of reading");
    expect(text).toMatch(/Lead story At Helsinki, Syria Is the One Place/);
    for (const a of at(plan.weeks, 0).articles) expect(count(html, `/articles/${a.slug}"`)).toBe(1);
    expect(text).toContain("Other articles Late Sunday");
  });
});

describe("the plain text", () => {
  const plan = planDigest(SITE, ALL, LATER);
  const text = renderDigestText(plan, weekOf(plan, "2018-W29"));
  const lines = text.split("\n");

  it(`wraps at ${TEXT_WIDTH} columns, letting only a lone long URL run over`, () => {
    for (const line of lines) {
      if ([...line].length > TEXT_WIDTH) expect(line).toMatch(/^https?:\/\/\S+$/);
    }
    // The Times' summary is 208 characters: it takes three lines, and nothing of it is lost.
    const start = lines.findIndex((l) => l.startsWith("Despite political tensions"));
    expect(lines.slice(start, start + 3).join(" ")).toBe(at(at(plan.weeks, 0).articles, -1).summary);
    expect(lines[start + 3]).toBe("");
  });

  it("reads as the digest: week, counts, lead, sections, links", () => {
    expect(lines.slice(0, 3)).toEqual([
      "Dispatch weekly digest",
      "16–22 July 2018 (2018-W29)",
      "5 articles · 18 minutes of reading",
    ]);
    expect(text).toContain("LEAD STORY\n==========\n\nAt Helsinki, Syria Is the One Place Trump and Putin Agree On\n");
    expect(text).toContain("\nOTHER ARTICLES\n");
    expect(text).toContain("Read: https://dispatch.example.com/articles/deir-ez-zor-strikes-resume\n");
    expect(text).toContain("Original: https://www.reuters.com/article/helsinki-summit-syria\n");
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text.endsWith("\n")).toBe(true);
    for (const a of at(plan.weeks, 0).articles) expect(count(text, `/articles/${a.slug}\n`)).toBe(1);
  });
});
