// The clipping cleaner on the five seed clippings (what an editor found in each) and on invented ones of each debris kind.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type CleanOptions, type CleanResult, cleanClipping, type Removal } from "../../src/content/clean.js";

const contentDir = resolve(import.meta.dirname, "../../content");

interface ContentFile {
  body: string;
  firstLine: number;
  title?: string;
  publisher?: string;
  byline?: string;
}

/** Splits the YAML front matter off a content file; the build does this for real, the test only needs the fields. */
function readContent(name: string): ContentFile {
  const lines = readFileSync(resolve(contentDir, name), "utf8").split("\n");
  const close = lines.indexOf("---", 1);
  if (lines[0] !== "---" || close < 0) throw new Error(`${name}: no front matter`);
  const fm = parse(lines.slice(1, close).join("\n")) as Record<string, unknown>;
  const field = (k: string) => (typeof fm[k] === "string" ? (fm[k] as string) : undefined);
  const file: ContentFile = { body: lines.slice(close + 1).join("\n"), firstLine: close + 2 };
  const title = field("title");
  const publisher = field("publisher");
  const byline = field("byline");
  if (title) file.title = title;
  if (publisher) file.publisher = publisher;
  if (byline) file.byline = byline;
  return file;
}

const NBSP = "\u00A0";
const tidy = (s: string) => s.replaceAll(NBSP, " ").replace(/ {2,}/g, " ").trim();
// Deliberately simpler than the cleaner's splitter: over-splitting ("U.S." + "Embassy …") only makes the check finer.
const sentencesOf = (s: string) => s.split(/(?<=[.!?…][”"’)]*)\s+/).filter((x) => x !== "");

interface Seed {
  file: string;
  whitespaceFixes: number;
  removals: Removal[];
}

// What an editor identified as debris in each seed clipping: line numbers are the content file's.
const SEEDS: Seed[] = [
  {
    file: "2016-06-18-russia-cluster-bombed-us-backed-fighters.txt",
    whitespaceFixes: 6,
    removals: [
      { line: 11, kind: "masthead", text: "The Washington PostDemocracy Dies in Darkness" },
      { line: 13, kind: "headline", text: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters" },
      {
        line: 15,
        kind: "caption",
        text: "A bomb is released from a Russian Su-34 strike fighter in Syria. (Russian Defense Ministry Press Service via AP)",
      },
      {
        line: 21,
        kind: "related",
        text: "Despite supposed withdrawal, Russia building up new base in Syria, Pentagon says",
      },
      { line: 31, kind: "stray-sentence", text: "At the end can we talk on." },
      { line: 35, kind: "related", text: "[How Russian special forces are shaping the fight in Syria]" },
    ],
  },
  {
    file: "2018-02-15-russian-and-us-forces-clash-in-syria.txt",
    whitespaceFixes: 3,
    removals: [
      { line: 11, kind: "headline", text: "Russian And U.S. Forces Reportedly Clash In Syria" },
      { line: 27, kind: "footer", text: "Related News" },
    ],
  },
  {
    file: "2015-09-30-us-russia-bomb-same-country.txt",
    whitespaceFixes: 0,
    removals: [
      { line: 9, kind: "headline", text: "Not since World War II have U.S., Russia bombed same country" },
      {
        line: 11,
        kind: "caption",
        text: "Defense Secretary Ash Carter told reporters Wednesday that Russian airstrikes may have been in areas with no Islamic State forces.",
      },
      {
        line: 12,
        kind: "caption",
        text: "Defense Secretary Ash Carter told reporters Wednesday that Russian airstrikes may have been in areas with no Islamic State forces. AP",
      },
      { line: 72, kind: "contact", text: "James Rosen: 202-383-0014; @jamesmartinrose" },
      { line: 74, kind: "footer", text: "Related stories from McClatchy DC" },
    ],
  },
  {
    file: "2018-07-16-american-russian-relations-in-syria.txt",
    whitespaceFixes: 0,
    removals: [
      {
        line: 9,
        kind: "headline",
        text: "American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim",
      },
      { line: 10, kind: "dateline", text: "WASHINGTON —" },
    ],
  },
  {
    file: "2015-10-07-missiles-fired-from-russian-warships.txt",
    whitespaceFixes: 0,
    removals: [
      { line: 10, kind: "headline", text: "Syria Attack Escalates, Missiles Fired From Russian Warships" },
      { line: 52, kind: "footer", text: "Source link" },
      { line: 54, kind: "footer", text: "Exit mobile version" },
    ],
  },
];

function cleanSeed(file: ContentFile): CleanResult {
  const opts: CleanOptions = { firstLine: file.firstLine };
  if (file.title) opts.title = file.title;
  if (file.publisher) opts.publisher = file.publisher;
  if (file.byline) opts.byline = file.byline;
  return cleanClipping(file.body, opts);
}

describe.each(SEEDS)("seed clipping $file", (seed) => {
  const file = readContent(seed.file);
  const result = cleanSeed(file);
  const bodyLines = file.body.split("\n");
  const lineText = (n: number) => tidy(bodyLines[n - file.firstLine] ?? "");
  // A removal is of a whole line when its text is the whole (normalised) line; else it is part of a line.
  const wholeLine = new Set(seed.removals.filter((r) => r.text === lineText(r.line)).map((r) => r.line));

  it("removes exactly the debris the editor identified, with kind and file line", () => {
    expect(result.removals).toEqual(seed.removals);
    expect(result.unmatched).toEqual({ keep: [], remove: [] });
  });

  it("keeps every sentence of every line that is not debris", () => {
    const cleaned = result.paragraphs.join("\n");
    let kept = 0;
    bodyLines.forEach((raw, i) => {
      const line = file.firstLine + i;
      let text = tidy(raw);
      if (text === "" || wholeLine.has(line)) return;
      kept++;
      for (const r of seed.removals) if (r.line === line) text = tidy(text.replace(r.text, ""));
      for (const sentence of sentencesOf(text)) expect(cleaned, `line ${line}`).toContain(sentence);
    });
    expect(result.paragraphs).toHaveLength(kept);
  });

  it("leaves none of the removed text behind", () => {
    for (const r of seed.removals) {
      for (const p of result.paragraphs) expect(p).not.toContain(r.text);
    }
  });

  it("normalises no-break spaces and trailing whitespace", () => {
    expect(result.whitespaceFixes).toBe(seed.whitespaceFixes);
    for (const p of result.paragraphs) {
      expect(p).not.toContain(NBSP);
      expect(p).not.toMatch(/^\s|\s$|\s{2}/);
    }
  });
});

describe("seed clippings without front matter help", () => {
  it("still finds the Washington Post masthead and takes the next line as the title", () => {
    const file = readContent("2016-06-18-russia-cluster-bombed-us-backed-fighters.txt");
    const result = cleanClipping(file.body, { firstLine: file.firstLine });
    expect(result.title).toBe("Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters");
    expect(result.removals.slice(0, 2)).toEqual([
      { line: 11, kind: "masthead", text: "The Washington PostDemocracy Dies in Darkness" },
      { line: 13, kind: "headline", text: "Images suggest that Russia cluster-bombed U.S.-backed Syrian fighters" },
    ]);
  });
});

/** Cleans an invented clipping whose body starts on line 1. */
const clean = (body: string, opts: Partial<CleanOptions> = {}) => cleanClipping(body, { firstLine: 1, ...opts });
const kinds = (r: CleanResult) => r.removals.map((x) => [x.line, x.kind]);

const LEDE = "Russian jets struck rebel-held towns in Idlib province on Tuesday, activists said.";
const SECOND = "The strikes killed at least 12 civilians, according to the Syrian Observatory for Human Rights.";

describe("mastheads", () => {
  it("removes another publisher's name glued to its slogan, before the headline", () => {
    const r = clean(`Los Angeles TimesEssential California news\n\nRussia pounds Idlib as talks stall\n\n${LEDE}`);
    expect(r.title).toBe("Russia pounds Idlib as talks stall");
    expect(r.removals).toEqual([
      { line: 1, kind: "masthead", text: "Los Angeles TimesEssential California news" },
      { line: 3, kind: "headline", text: "Russia pounds Idlib as talks stall" },
    ]);
    expect(r.paragraphs).toEqual([LEDE]);
  });

  it("removes a line that starts with the publisher's name, given the publisher", () => {
    const r = clean(`The Kyiv Independent | Ukraine's news outlet\nRussia pounds Idlib as talks stall\n${LEDE}`, {
      publisher: "The Kyiv Independent",
      title: "Russia pounds Idlib as talks stall",
    });
    expect(kinds(r)).toEqual([
      [1, "masthead"],
      [2, "headline"],
    ]);
  });

  it("does not take a headline that merely starts with the publisher's name for a masthead", () => {
    const r = clean(`The Guardian view on Syria: a war without end\n\n${LEDE}`, { publisher: "The Guardian" });
    expect(r.title).toBe("The Guardian view on Syria: a war without end");
    expect(kinds(r)).toEqual([[1, "headline"]]);
    expect(r.paragraphs).toEqual([LEDE]);
  });
});

describe("headlines", () => {
  it("removes the first line when it matches the title up to quotes and spaces", () => {
    const r = clean(`Putin says ‘no’ to  talks\n${LEDE}`, { title: `Putin says 'no' to talks` });
    expect(r.removals).toEqual([{ line: 1, kind: "headline", text: "Putin says ‘no’ to talks" }]);
    expect(r.title).toBeUndefined();
    expect(r.paragraphs).toEqual([LEDE]);
  });

  it("removes a clipped headline that differs from an edited front-matter title", () => {
    const r = clean(`Russia pounds Idlib as peace talks stall\n${LEDE}`, { title: "Russia pounds Idlib" });
    expect(r.removals).toEqual([{ line: 1, kind: "headline", text: "Russia pounds Idlib as peace talks stall" }]);
    expect(r.title).toBeUndefined();
    expect(r.paragraphs).toEqual([LEDE]);
  });

  it("keeps a first line that is already the lede when a title is given", () => {
    const r = clean(`${LEDE}\n${SECOND}`, { title: "Russia pounds Idlib" });
    expect(r.removals).toEqual([]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });
});

describe("photo captions", () => {
  it("removes a caption credited in parentheses to Reuters", () => {
    const r = clean(`${LEDE}\n\nSmoke rises over Maarat al-Numan after an airstrike. (Reuters)\n\n${SECOND}`);
    expect(r.removals).toContainEqual({
      line: 3,
      kind: "caption",
      text: "Smoke rises over Maarat al-Numan after an airstrike. (Reuters)",
    });
    expect(r.paragraphs).toEqual([SECOND]);
  });

  it('removes a caption ending "Photo: Getty Images" and a credit standing on its own line', () => {
    const r = clean(
      `Headline here for the test\n${LEDE}\nA Russian Su-24 at Hmeimim air base. Photo: Getty Images\n(AP Photo/Hussein Malla)\n${SECOND}`,
    );
    expect(kinds(r)).toEqual([
      [1, "headline"],
      [3, "caption"],
      [4, "caption"],
    ]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });

  it("removes a caption clipped twice, once without its bare agency credit", () => {
    const caption = "Syrian soldiers patrol the ruins of Palmyra.";
    const r = clean(`Headline here for the test\n${caption}\n${caption} AFP\n${LEDE}`);
    expect(r.removals.slice(1)).toEqual([
      { line: 2, kind: "caption", text: caption },
      { line: 3, kind: "caption", text: `${caption} AFP` },
    ]);
    expect(r.paragraphs).toEqual([LEDE]);
  });

  it("keeps article prose that names an agency or ends in a parenthesis", () => {
    const prose = [
      "The first news of the clash came when Reuters reported an overnight attack.",
      "Moscow denied any role, according to the Associated Press.",
      "The group is known by its Arabic acronym (Daesh).",
    ];
    const r = clean(`Headline here for the test\n${prose.join("\n")}`);
    expect(r.paragraphs).toEqual(prose);
  });
});

describe("related-story lines", () => {
  it("removes a bracketed link and a labelled one", () => {
    const r = clean(
      `${LEDE}\n[Read more: Russia and Turkey agree on an Idlib buffer zone]\nRelated: Inside the Wagner group's Syrian oil deals\n${SECOND}`,
      { title: "x" },
    );
    expect(kinds(r)).toEqual([
      [2, "related"],
      [3, "related"],
    ]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });

  it("removes another story's bare headline standing between paragraphs", () => {
    const r = clean(`${LEDE}\n\nTurkey shoots down Russian warplane near Syrian border, officials say\n\n${SECOND}`, {
      title: "x",
    });
    expect(r.removals).toEqual([
      {
        line: 3,
        kind: "related",
        text: "Turkey shoots down Russian warplane near Syrian border, officials say",
      },
    ]);
  });

  it("keeps a paragraph the clipping cut off mid-sentence", () => {
    const cut = "Likely targets include Jabal al-Zawiya, a mountainous area that insurgents have held for";
    const r = clean(`${LEDE}\n${cut}\n${SECOND}`, { title: "x" });
    expect(r.paragraphs).toEqual([LEDE, cut, SECOND]);
  });
});

describe("footers and aggregator leftovers", () => {
  it("removes other sites' furniture", () => {
    const r = clean(
      `${LEDE}\nAdvertisement\n${SECOND}\nShare this\nRead more\nMore stories from Al Jazeera\nTags: Syria, Russia`,
      { title: "x" },
    );
    expect(kinds(r)).toEqual([
      [2, "footer"],
      [4, "footer"],
      [5, "footer"],
      [6, "footer"],
      [7, "footer"],
    ]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });

  it("removes short unpunctuated leftovers after the article's last sentence", () => {
    const r = clean(`${LEDE}\n${SECOND}\nTrending now\nWorld`, { title: "x" });
    expect(kinds(r)).toEqual([
      [3, "footer"],
      [4, "footer"],
    ]);
  });
});

describe("contact lines", () => {
  it("removes a reporter's name with an email address and handle", () => {
    const r = clean(`${LEDE}\n${SECOND}\nJane Doe: jane.doe@example.com; @janedoe`, { title: "x" });
    expect(r.removals).toEqual([{ line: 3, kind: "contact", text: "Jane Doe: jane.doe@example.com; @janedoe" }]);
  });

  it("removes a contact sentence with a phone number", () => {
    const r = clean(`${LEDE}\nContact the reporter at jdoe@example.org or (212) 555-0199.\n${SECOND}`, {
      title: "x",
    });
    expect(kinds(r)).toEqual([[2, "contact"]]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });

  it("keeps a quote that mentions a handle", () => {
    const quote = "“We are being threatened,” the ambassador wrote on Twitter as @EmbassyofRussia.";
    const r = clean(`${LEDE}\n${quote}`, { title: "x" });
    expect(r.paragraphs).toEqual([LEDE, quote]);
  });
});

describe("datelines", () => {
  it.each([
    ["BEIRUT, Lebanon — ", "BEIRUT, Lebanon —"],
    ["MOSCOW (Reuters) - ", "MOSCOW (Reuters) -"],
    ["THE HAGUE — ", "THE HAGUE —"],
  ])("strips %j and keeps the sentence", (prefix, reported) => {
    const r = clean(`Headline here for the test\n${prefix}${LEDE}\n${SECOND}`);
    expect(r.removals.slice(1)).toEqual([{ line: 2, kind: "dateline", text: reported }]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });

  it("leaves an acronym and a dash in the middle of the lede alone, and later paragraphs too", () => {
    const lede = "NATO has repeatedly warned Russia — so far, to little effect — that it will worsen the war.";
    const later = "DAMASCUS — Syrian state media reported the strikes.";
    const r = clean(`${lede}\n${later}`, { title: "x" });
    expect(r.removals).toEqual([]);
    expect(r.paragraphs).toEqual([lede, later]);
  });
});

describe("calls to action", () => {
  // Written for these tests in the shapes clippings carry; the cleaner knows none of these sentences.
  it("removes one pasted into a paragraph, and one standing after it, as kind promo", () => {
    const r = clean(
      `${LEDE} Grab the Evening Ledger app for alerts on your phone. ${SECOND}\nPlease consider becoming a member to keep our reporters in the field.`,
      { title: "x" },
    );
    expect(r.removals).toEqual([
      { line: 1, kind: "promo", text: "Grab the Evening Ledger app for alerts on your phone." },
      { line: 2, kind: "promo", text: "Please consider becoming a member to keep our reporters in the field." },
    ]);
    expect(r.paragraphs).toEqual([`${LEDE} ${SECOND}`]);
  });

  it("knows them by their shape: an imperative to the reader about the publication", () => {
    const promos = [
      "Join thousands of readers who get our morning briefing.",
      "Follow us on every platform for live updates.",
      "Stay informed: get our newsletter in your inbox each Friday.",
      "Don't miss an episode of our weekly podcast.",
      "Subscribe today.",
      "Click here to unlock unlimited access to our journalism.",
    ];
    for (const promo of promos) {
      const r = clean(`${LEDE} ${promo}`, { title: "x" });
      expect(r.removals, promo).toEqual([{ line: 1, kind: "promo", text: promo }]);
    }
  });

  it("keeps the story's own sentences that use the same verbs", () => {
    const story = [
      LEDE,
      "Officials urged residents to sign up for alerts from the city's emergency service.",
      "Follow the money, the investigators told the committee.",
      "Join US forces, the recruiting posters in the town square read in Arabic.",
      "Supporters of the ceasefire said they would keep pressing for talks.",
      "“Subscribe to nothing they say,” one analyst warned.",
      SECOND,
    ];
    const r = clean(story.join("\n"), { title: "x" });
    expect(r.removals).toEqual([]);
    expect(r.paragraphs).toEqual(story);
  });

  it("keeps one the front matter asks to keep", () => {
    const promo = "Sign up for our newsletter to get the digest each week.";
    const r = clean(`${LEDE} ${promo}`, { title: "x", keep: ["Sign up for our newsletter"] });
    expect(r.removals).toEqual([]);
    expect(r.paragraphs).toEqual([`${LEDE} ${promo}`]);
  });
});

describe("sentences that do not belong to the article", () => {
  it("removes a pasted chat line from inside a paragraph", () => {
    const r = clean(`${LEDE} Could you send me the rest tomorrow. ${SECOND}`, { title: "x" });
    expect(r.removals).toEqual([{ line: 1, kind: "stray-sentence", text: "Could you send me the rest tomorrow." }]);
    expect(r.paragraphs).toEqual([`${LEDE} ${SECOND}`]);
  });

  it("removes one standing as its own paragraph", () => {
    const r = clean(`${LEDE}\nDid you feed my goldfish.\n${SECOND}`, { title: "x" });
    expect(r.removals).toEqual([{ line: 2, kind: "stray-sentence", text: "Did you feed my goldfish." }]);
    expect(r.paragraphs).toEqual([LEDE, SECOND]);
  });

  it("keeps short real sentences, quotes in the first person and real questions", () => {
    const paragraphs = [
      LEDE,
      "American assertions carried their own contradictions.",
      "But the view on the ground in Syria was peculiarly at odds with the Russian claims.",
      "“Can we trust them? I don’t think so,” the official said. “We are being threatened.”",
      "What comes next for Idlib?",
      SECOND,
    ];
    const r = clean(paragraphs.join("\n"), { title: "x" });
    expect(r.removals).toEqual([]);
    expect(r.paragraphs).toEqual(paragraphs);
  });
});

describe("whitespace", () => {
  it("normalises no-break spaces, doubled and trailing spaces and counts the lines it fixed", () => {
    const r = clean(`Russian${NBSP}jets  struck${NBSP} Idlib on Tuesday. \r\n\t\r\n${SECOND}`, { title: "x" });
    expect(r.paragraphs).toEqual(["Russian jets struck Idlib on Tuesday.", SECOND]);
    expect(r.whitespaceFixes).toBe(2);
  });
});

describe("line numbers", () => {
  it("are the content file's, counting blank lines and the front matter", () => {
    const r = cleanClipping(`Headline here for the test\n\n\n${LEDE}\n\nSource link\n`, { firstLine: 8 });
    expect(kinds(r)).toEqual([
      [8, "headline"],
      [13, "footer"],
    ]);
  });
});

describe("overrides", () => {
  const subhead = "Close calls over the Euphrates River valley";
  const body = `WASHINGTON — ${LEDE}\n${subhead}\n${SECOND} Activists filmed the aftermath. The ministry denied it.`;

  it("keep restores removals whose text contains the entry", () => {
    const r = clean(body, { title: "x", keep: ["Euphrates  River", "WASHINGTON"] });
    expect(r.removals).toEqual([]);
    expect(r.paragraphs).toEqual([
      `WASHINGTON — ${LEDE}`,
      subhead,
      `${SECOND} Activists filmed the aftermath. The ministry denied it.`,
    ]);
    expect(r.unmatched).toEqual({ keep: [], remove: [] });
  });

  it("remove takes out a whole paragraph, or just the sentence when the entry is one inside a paragraph", () => {
    const r = clean(body, { title: "x", remove: ["Activists filmed the aftermath", "Idlib province"] });
    expect(r.removals).toEqual([
      { line: 1, kind: "dateline", text: "WASHINGTON —" },
      { line: 1, kind: "override", text: LEDE },
      { line: 2, kind: "related", text: subhead },
      { line: 3, kind: "override", text: "Activists filmed the aftermath." },
    ]);
    expect(r.paragraphs).toEqual([`${SECOND} The ministry denied it.`]);
  });

  it("remove takes out a paragraph that merely contains the entry, not just the fragment", () => {
    const r = clean(body, { title: "x", remove: ["filmed the aftermath"] });
    expect(r.paragraphs).toEqual([LEDE]);
    expect(r.removals.at(-1)).toEqual({
      line: 3,
      kind: "override",
      text: `${SECOND} Activists filmed the aftermath. The ministry denied it.`,
    });
  });

  it("reports entries that match nothing, or ask for what the cleaner already does", () => {
    const r = clean(`${body}\nSource link`, {
      title: "x",
      keep: ["Euphrates", "no such line", "Syrian Observatory"],
      remove: ["Palmyra", "Source link", "The ministry denied it."],
    });
    expect(r.unmatched).toEqual({ keep: ["no such line", "Syrian Observatory"], remove: ["Palmyra", "Source link"] });
    expect(r.paragraphs).toEqual([LEDE, subhead, `${SECOND} Activists filmed the aftermath.`]);
  });
});
