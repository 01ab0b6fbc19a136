// Hostile and awkward content, built by the real build: every article gets a working slug or a clear error, no output
// carries a character XML cannot, problems name lines the file has, and archives satisfy the W3C validator.
import { parseAtomFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { formatProblem } from "../../src/content/problems.js";
import { XML_ILLEGAL } from "../render/conformance.js";
import { type ArticleSpec, sourceOf } from "../support/articles.js";
import { buildProblems, buildSite, contentProject } from "../support/build.js";
import { loadBuilt } from "../support/dist.js";

const NOW = Date.parse("2026-11-21T12:00:00Z");

const problemsOf = async (files: Record<string, string | Uint8Array>) =>
  buildProblems(await contentProject(files), NOW);

const article = (fields: string, body = "The first sentence of the article. A second one follows it.") =>
  `---\n${fields}\n---\n${body}\n`;

describe("slugs", () => {
  it("transliterates a Cyrillic or Greek file name into a working ASCII slug", async () => {
    const root = await contentProject({
      "2018-07-16-удары-по-сирии.md": article("title: Strikes\ndate: 2018-07-16"),
      "2018-07-17-αθήνα.md": article("title: Athens\ndate: 2018-07-17"),
    });
    const result = await build({ root, now: NOW });
    expect(result.articles.map((a) => a.slug).sort()).toEqual(["athina", "udary-po-sirii"]);
  });

  it("refuses a file name that gives no slug, naming the file, unless the front matter gives one", async () => {
    expect(await problemsOf({ "2018-07-16-😀.md": article("title: Smile\ndate: 2018-07-16") })).toEqual([
      "content/2018-07-16-😀.md:1: slug: the file name gives no slug (no Latin, Greek or Cyrillic letters or digits): add one, such as slug: strikes-on-syria",
    ]);
    const root = await contentProject({ "2018-07-16-😀.md": article("title: Smile\ndate: 2018-07-16\nslug: smile") });
    expect((await build({ root, now: NOW })).articles.map((a) => a.slug)).toEqual(["smile"]);
  });

  it("refuses front-matter topics that normalise to nothing, at their line", async () => {
    expect(
      await problemsOf({ "2018-07-16-flags.md": article('title: Flags\ndate: 2018-07-16\ntopics: ["😀", "🇺🇦"]') }),
    ).toEqual([
      "content/2018-07-16-flags.md:4: topics: '😀' gives no topic slug (no Latin, Greek or Cyrillic letters or digits): write it in words",
      "content/2018-07-16-flags.md:4: topics: '🇺🇦' gives no topic slug (no Latin, Greek or Cyrillic letters or digits): write it in words",
    ]);
  });
});

describe("characters XML cannot carry", () => {
  it("are taken out at the build's input, so no page, feed or digest holds one", async () => {
    const spec: ArticleSpec = {
      slug: "nonchars",
      title: "Nonchar\uFFFE title",
      date: "2018-07-16",
      topics: ["syria"],
      body: "Text with U+FFFF \uFFFF, U+FDD0 \uFDD0, a lone surrogate \uD800 and a control \u0001 in it. A second sentence.",
    };
    const site = await buildSite([spec]);
    const outputs = [
      "/articles/nonchars",
      "/feed.atom",
      "/feed.rss",
      "/feed.json",
      "/digest/2018-W29",
      "/digest/2018-W29.txt",
      "/digest/2018-W29/email",
      "/",
    ];
    for (const path of outputs) {
      expect(XML_ILLEGAL.test(site.text(path)), path).toBe(false);
      // Allowed by XML 1.0 but a noncharacter, which validators flag: gone too.
      expect(site.text(path), path).not.toContain("\uFDD0");
    }
    expect(site.text("/articles/nonchars")).toContain("Text with U+FFFF");
  });
});

describe("bylines and URLs", () => {
  it("splits a byline only at a standalone '&' or 'and'", async () => {
    const root = await contentProject({
      "2018-07-16-a.md": article("title: A\ndate: 2018-07-16\nbyline: Jane Doe &amp; John Roe"),
      "2018-07-17-b.md": article("title: B\ndate: 2018-07-17\nbyline: Jane Doe & John Roe and Ann Poe"),
    });
    const result = await build({ root, now: NOW });
    const authors = Object.fromEntries(result.articles.map((a) => [a.slug, a.authors]));
    expect(authors).toEqual({ a: ["Jane Doe &amp; John Roe"], b: ["Jane Doe", "John Roe", "Ann Poe"] });
  });

  it("normalises a URL once, so the page, the feeds and the text digest carry the same working link", async () => {
    const spec: ArticleSpec = {
      slug: "spaced",
      title: "Spaced",
      date: "2018-07-16",
      url: "https://example.com/a story/ü",
    };
    const site = await buildSite([spec]);
    const normal = "https://example.com/a%20story/%C3%BC";
    for (const path of ["/articles/spaced", "/feed.atom", "/digest/2018-W29.txt", "/digest/2018-W29/email"]) {
      expect(site.text(path), path).toContain(normal);
      expect(site.text(path), path).not.toContain("a story");
    }
  });
});

describe("dates before 1990", () => {
  it("publish with a warning at the date line; before 1970 it names the readers that misread them", async () => {
    const root = await contentProject({
      "1985-03-01-old.md": article("title: Old\ndate: 1985-03-01"),
      "1969-12-31-older.md": article("title: Older\ndate: 1969-12-31"),
    });
    const result = await build({ root, now: NOW });
    expect(result.articles).toHaveLength(2);
    const warnings = result.warnings.map(formatProblem);
    expect(warnings).toContain(
      "content/1985-03-01-old.md:3: date: is before 1990 (1985-03-01): the W3C feed validator calls such dates implausible; check it",
    );
    expect(warnings.find((w) => w.startsWith("content/1969-12-31-older.md:3: date:"))).toMatch(
      /newsboat shows 1969-12-31 as 2106/,
    );
  });
});

describe("problem lines", () => {
  it("agree with the file: a YAML error at its line with its own message, a body past the end at the last line, CR files counted by CR", async () => {
    const problems = await problemsOf({
      "2018-07-16-tab.md": "---\ntitle: Tabbed\ndate: 2018-07-16\ntopics:\n\t- syria\n---\nBody text here. More.\n",
      "2018-07-16-nonl.md": "---\ntitle: No newline\ndate: 2018-07-16\n---",
      "2018-07-16-cr.md": Buffer.concat([
        Buffer.from("---\rtitle: Old mac\rdate: 2018-07-16\r---\rFirst line.\rBad "),
        Buffer.from([0xff]),
        Buffer.from(" byte here.\r"),
      ]),
    });
    expect(problems).toEqual([
      "content/2018-07-16-cr.md:6: encoding: not UTF-8: save the file as UTF-8",
      "content/2018-07-16-nonl.md:4: body: is empty: an article needs text below the front matter",
      "content/2018-07-16-tab.md:5: yaml: Tabs are not allowed as indentation",
    ]);
  });
});

describe("archive documents and the W3C validator's ArchiveIncomplete", () => {
  // feedvalidator (w3c/feedvalidator, src/feedvalidator/feed.py): a document with fh:archive must link, at feed
  // level, to a prev-archive or next-archive document, or say fh:complete; fh:complete with rel="current" elsewhere is
  // an error.
  for (const count of [20, 21, 40, 41]) {
    it(`${count} articles: every archive links to a neighbour, and only a feed with no archives says it is complete`, async () => {
      const specs: ArticleSpec[] = Array.from({ length: count }, (_, i) => ({
        slug: `story-${i}`,
        title: `Story ${i}`,
        date: new Date(Date.UTC(2018, 0, 1 + i * 3)).toISOString().slice(0, 10),
        topics: ["syria"],
      }));
      const root = await contentProject(Object.fromEntries(specs.map((s) => [`${s.date}-${s.slug}.md`, sourceOf(s)])));
      await build({ root, now: NOW });
      const built = await loadBuilt(root);
      const atoms = Object.keys(built.routes).filter((p) => p.endsWith(".atom") && !p.includes("digest"));
      const archives = atoms.filter((p) => p.includes("/archive/"));
      // feedSize is 20: twenty articles fit in the subscription document, which then says it is complete.
      if (count <= 20) expect(archives, "archive documents").toEqual([]);
      else expect(archives.length, "archive documents").toBeGreaterThan(1);
      for (const path of atoms) {
        const xml = built.text(path);
        const links = (parseAtomFeed(xml).links ?? []).map((l) => l.rel);
        if (path.includes("/archive/")) {
          expect(xml, path).toContain("<fh:archive/>");
          expect(links.includes("prev-archive") || links.includes("next-archive"), path).toBe(true);
          expect(xml, path).not.toContain("<fh:complete/>");
        } else if (xml.includes("<fh:complete/>")) {
          expect(links, path).not.toContain("prev-archive");
          expect(links, path).not.toContain("current");
        } else expect(links, path).toContain("prev-archive");
      }
    });
  }
});
