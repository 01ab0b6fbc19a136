// What the build derives from the seed articles: ids, dates, authors, summaries, counts, topics.
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { readArticle } from "../../src/content/article.js";
import { splitSentences } from "../../src/content/sentences.js";
import type { ArticleRecord } from "../../src/shared/article.js";
import { shardHashes } from "../../src/shared/stored-version.js";
import { PROJECT_SITE } from "../support/articles.js";
import { type Built, loadBuilt } from "../support/dist.js";

const project = resolve(import.meta.dirname, "../..");
let articles: ArticleRecord[];
let shardsText: string;
let dist: Built;
const bySlug = (slug: string) => {
  const a = articles.find((x) => x.slug === slug);
  if (!a) throw new Error(`no article ${slug}`);
  return a;
};
const textOf = (a: ArticleRecord) =>
  a.html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

beforeAll(async () => {
  // A build of a copy of the project: the tests read what it wrote, not the project's own dist/.
  const root = await mkdtemp(join(tmpdir(), "dispatch-"));
  await cp(join(project, "content"), join(root, "content"), { recursive: true });
  await cp(join(project, "site.yaml"), join(root, "site.yaml"));
  const built = await build({ root });
  // Each file's record as the build reads it (its bodies are in the pages and feed entries it stores), in its order.
  const records = readdirSync(join(project, "content")).map(
    (name) => readArticle(PROJECT_SITE, `content/${name}`, readFileSync(join(project, "content", name))).article,
  );
  articles = built.articles.map((a) => {
    const record = records.find((r) => r?.slug === a.slug);
    if (!record) throw new Error(`no record for ${a.slug}`);
    expect({ ...record, html: undefined }).toEqual({ ...a, html: undefined });
    return record;
  });
  dist = await loadBuilt(root);
  shardsText = shardHashes(dist.head)
    .map((h) => Buffer.from(dist.value(h)).toString("utf8"))
    .join("\n");
});

describe("the seed articles", () => {
  it("are five, newest first, with slugs from their file names", () => {
    expect(articles.map((a) => a.slug)).toEqual([
      "american-russian-relations-in-syria",
      "russian-and-us-forces-clash-in-syria",
      "russia-cluster-bombed-us-backed-fighters",
      "missiles-fired-from-russian-warships",
      "us-russia-bomb-same-country",
    ]);
  });

  it("have tag: ids from the authority, the date and the slug (RFC 4151)", () => {
    expect(bySlug("american-russian-relations-in-syria").id).toBe(
      "tag:dispatch.example.com,2026-11-21:articles/2018-07-16/american-russian-relations-in-syria",
    );
    for (const a of articles)
      expect(a.id).toMatch(/^tag:dispatch\.example\.com,2026-11-21:articles\/\d{4}-\d{2}-\d{2}\/[a-z0-9-]+$/);
  });

  it("have dates at midnight in the site's time zone, with the offset of that day", () => {
    expect(bySlug("american-russian-relations-in-syria").published).toBe("2018-07-16T00:00:00-04:00");
    expect(bySlug("russian-and-us-forces-clash-in-syria").published).toBe("2018-02-15T00:00:00-05:00");
    expect(bySlug("american-russian-relations-in-syria").week).toBe("2018-W29");
  });

  it("have authors from the byline, or the publisher when the byline is unknown", () => {
    expect(bySlug("american-russian-relations-in-syria").authors).toEqual(["Eric Schmitt", "Thomas Gibbons-Neff"]);
    expect(bySlug("russian-and-us-forces-clash-in-syria").authors).toEqual(["TrigTent"]);
    expect(bySlug("russian-and-us-forces-clash-in-syria").byline).toBeUndefined();
  });

  it("have a summary of one to three whole sentences of the text, under 300 characters", () => {
    for (const a of articles) {
      expect(a.summary.length, a.slug).toBeLessThan(300);
      const sentences = splitSentences(a.summary);
      expect(sentences.length, a.slug).toBeGreaterThanOrEqual(1);
      expect(sentences.length, a.slug).toBeLessThanOrEqual(3);
      expect(a.summary, a.slug).toMatch(/[.!?”"]$/);
      for (const s of sentences) expect(textOf(a), a.slug).toContain(s);
    }
    expect(bySlug("american-russian-relations-in-syria").summary).toMatch(/^Despite political tensions/);
  });

  it("carry the facts their front matter marks as estimated or not confirmed, and only those", () => {
    expect(bySlug("russia-cluster-bombed-us-backed-fighters").unconfirmed).toEqual(["byline"]);
    expect(bySlug("missiles-fired-from-russian-warships").unconfirmed).toEqual(["byline"]);
    expect(bySlug("russian-and-us-forces-clash-in-syria").unconfirmed).toEqual(["date"]);
    expect(bySlug("american-russian-relations-in-syria")).not.toHaveProperty("unconfirmed");
    expect(bySlug("us-russia-bomb-same-country")).not.toHaveProperty("unconfirmed");
  });

  it("count the words of the cleaned text and show the reading time at 230 words a minute, rounded up", async () => {
    // [words, minutes]: within 2% of the text's whitespace-separated tokens (dashes and initials count differently).
    const want: Record<string, [number, number]> = {
      "american-russian-relations-in-syria": [1339, 6],
      "russian-and-us-forces-clash-in-syria": [582, 3],
      "russia-cluster-bombed-us-backed-fighters": [706, 4],
      "missiles-fired-from-russian-warships": [884, 4],
      "us-russia-bomb-same-country": [955, 5],
    };
    expect(Object.fromEntries(articles.map((a) => [a.slug, [a.wordCount, a.readingMinutes]]))).toEqual(want);
    for (const a of articles) {
      const tokens = textOf(a).split(/\s+/).filter(Boolean).length;
      expect(Math.abs(a.wordCount - tokens) / tokens, a.slug).toBeLessThan(0.02);
      // What a reader sees under the headline.
      expect(dist.text(`/articles/${a.slug}`), a.slug).toContain(` · ${want[a.slug]?.[1]} min read`);
    }
  });

  it("keep the editor's topics, as slugs with labels from the vocabulary", () => {
    const a = bySlug("russian-and-us-forces-clash-in-syria");
    expect(a.topics).toEqual([
      { slug: "russia", label: "Russia" },
      { slug: "syria", label: "Syria" },
      { slug: "united-states", label: "United States" },
      { slug: "wagner-group", label: "Wagner Group" },
    ]);
    expect(a.topicsDerived).toBe(false);
  });

  it("keep bodies out of the shards every Worker isolate reads", () => {
    expect(shardsText.length).toBeGreaterThan(0);
    expect(shardsText).not.toContain('"html"');
    // The site shard's one page is the 404 page; no article's paragraphs are in any shard.
    for (const a of articles) {
      const opening = textOf(a).slice(0, 60);
      expect(shardsText, a.slug).not.toContain(opening);
    }
  });

  it("escape the clipping's text in the HTML body", () => {
    for (const a of articles) expect(a.html).not.toMatch(/<(?!\/?p>)/);
  });
});

describe("topics derived for an article that has none", () => {
  async function derive(name: string, edit: (source: string) => string): Promise<ArticleRecord> {
    const root = await mkdtemp(join(tmpdir(), "dispatch-topics-"));
    await cp(join(project, "site.yaml"), join(root, "site.yaml"));
    await mkdir(join(root, "content"));
    await writeFile(join(root, "content", name), edit(await readFile(join(project, "content", name), "utf8")));
    const { articles: built } = await build({ root });
    const [a] = built;
    if (!a) throw new Error("nothing built");
    return { ...a, html: "" };
  }

  it("come from the vocabulary's keywords, strongest first, and are marked derived", async () => {
    const a = await derive("2015-10-07-missiles-fired-from-russian-warships.txt", (s) =>
      s.replace(/^topics:.*\n/m, ""),
    );
    expect(a.topicsDerived).toBe(true);
    expect(a.topics.map((t) => t.slug)).toEqual([
      "syria",
      "russia",
      "ground-offensive",
      "cruise-missiles",
      "united-states",
    ]);
    // Four of the five agree with the topics the editor gave this article.
    const editor = ["russia", "syria", "cruise-missiles", "ground-offensive", "deconfliction", "islamic-state"];
    expect(a.topics.filter((t) => editor.includes(t.slug))).toHaveLength(4);
  });

  it("are the same on every build: Russia, Syria, the United States, airstrikes, Islamic State for the two bombing one country", async () => {
    const edit = (s: string) => s.replace(/^topics:.*\n/m, "");
    for (let build = 0; build < 2; build++) {
      const a = await derive("2015-09-30-us-russia-bomb-same-country.txt", edit);
      expect(a.topics.map((t) => t.slug)).toEqual(["russia", "syria", "united-states", "airstrikes", "islamic-state"]);
    }
  });

  it("are none when no vocabulary word is frequent enough: the article is in the site's feeds, not a topic's", async () => {
    const a = await derive(
      "2015-10-07-missiles-fired-from-russian-warships.txt",
      () =>
        "---\ntitle: Harvest festival opens\ndate: 2018-09-01\npublisher: Village News\n---\nThe harvest festival opened in Lyon on Saturday. Lyon's mayor, Anne Dupont, thanked the farmers of Lyon and of Villeurbanne.\n",
    );
    expect(a.topics).toEqual([]);
    expect(a.topicsDerived).toBe(true);
  });
});
