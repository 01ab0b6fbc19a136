// The build on bad input: every problem in every file reported as FILE:LINE: field: message, and dist/ left untouched.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { codeVersion } from "../../src/build/cache.js";
import { contentHashSync } from "../../src/build/hash.js";
import { MAX_FILE_BYTES } from "../../src/content/article.js";
import { ContentError, formatProblem } from "../../src/content/problems.js";
import { buildProblems, contentProject } from "../support/build.js";
import { kvChunks, loadBuilt } from "../support/dist.js";

const project = resolve(import.meta.dirname, "../..");
const GOOD = `---
title: A good article
date: 2018-07-16
publisher: The Test Times
---
The first sentence of a good article. A second one follows it.
`;

describe("bad input", () => {
  it("reports a YAML syntax error with its line", async () => {
    const root = await contentProject({ "a.md": "---\ntitle: A\ndate: 2018-07-16\ntopics: [russia\n---\nText.\n" });
    const [p] = await buildProblems(root);
    expect(p).toMatch(/^content\/a\.md:[45]: yaml: /);
  });

  it("reports a missing date and an invalid date", async () => {
    const root = await contentProject({
      "a.md": "---\ntitle: A\n---\nText.\n",
      "b.md": "---\ntitle: B\ndate: 2018-02-30\n---\nText.\n",
      "c.md": "---\ntitle: C\ndate: yesterday\n---\nText.\n",
    });
    const problems = await buildProblems(root);
    expect(problems).toContain("content/a.md:1: date: is required");
    expect(problems.find((p) => p.startsWith("content/b.md:3: date: must be a date"))).toBeDefined();
    expect(problems.find((p) => p.startsWith("content/c.md:3: date: must be a date"))).toBeDefined();
  });

  it("reports an empty body at the line where the body starts", async () => {
    const root = await contentProject({ "a.md": "---\ntitle: A\ndate: 2018-07-16\n---\n\n  \n" });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:5: body: is empty: an article needs text below the front matter",
    ]);
  });

  it("reports an unknown front-matter key at its line, with the closest known field", async () => {
    const root = await contentProject({ "a.md": "---\ntitle: A\ndate: 2018-07-16\nauthr: Someone\n---\nText.\n" });
    expect(await buildProblems(root)).toEqual(["content/a.md:4: authr: unknown field; did you mean author?"]);
  });

  it("reports a duplicate slug in both files, each naming the other", async () => {
    const root = await contentProject({
      "2018-07-16-same.md": GOOD,
      "same.md": GOOD.replace("2018-07-16", "2018-07-17"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/2018-07-16-same.md:1: slug: 'same' is also used by content/same.md",
      "content/same.md:1: slug: 'same' is also used by content/2018-07-16-same.md",
    ]);
  });

  it("reports a duplicate slug in the same build as a front-matter problem of one of the files", async () => {
    const root = await contentProject({
      "posts/2018-07-16-same.md": GOOD,
      // Jekyll's date is refused here, and the slug its name gives is still checked.
      "drafts/same.md": GOOD.replace("2018-07-16", "next tuesday"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/drafts/same.md:1: slug: 'same' is also used by content/posts/2018-07-16-same.md",
      'content/drafts/same.md:3: date: must be a date (2018-07-16, or Jul 16 2018) or a date and time (2018-07-16T09:30:00-04:00, or 2018-07-16 09:30:00 +0000), not "next tuesday"',
      "content/posts/2018-07-16-same.md:1: slug: 'same' is also used by content/drafts/same.md",
    ]);
  });

  it("reports a duplicate id (same date and slug given in front matter) at the slug's line of both files", async () => {
    const root = await contentProject({
      "a.md": GOOD.replace("date:", "slug: twin\ndate:"),
      // This file has a problem of its own: the duplicate is reported all the same.
      "b.md": GOOD.replace("date:", "slug: twin\ndate:").replace(/^The first.*\n/m, ""),
      "c.md": GOOD.replace("date:", "slug: twin\ndate:").replace("A good article", "Another"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:3: slug: 'twin' is also used by content/b.md, content/c.md",
      "content/b.md:3: slug: 'twin' is also used by content/a.md, content/c.md",
      // The file ends at its closing '---' (line 6): the problem is reported there, on a line the file has.
      "content/b.md:6: body: is empty: an article needs text below the front matter",
      "content/c.md:3: slug: 'twin' is also used by content/a.md, content/b.md",
    ]);
  });

  it("reports updated before date at the updated line, along with the file's other problems", async () => {
    const root = await contentProject({ "a.md": "---\ntitle: A\ndate: 2018-07-16\nupdated: 2018-07-15\n---\n\n" });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:4: updated: is before date",
      "content/a.md:6: body: is empty: an article needs text below the front matter",
    ]);
  });

  it("reports a clean.keep or clean.remove entry that matches nothing at the line of that entry", async () => {
    const root = await contentProject({
      "a.txt": [
        "---",
        "title: A clipping",
        "date: 2018-07-16",
        "clean:",
        "  keep:",
        '    - "Not in this text"',
        '  remove: ["Nowhere either"]',
        "---",
        "The first sentence of a clipping. A second one follows it.",
        "",
      ].join("\n"),
      "b.md": GOOD.replace("date:", "clean:\n  keep: [x]\ndate:"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/a.txt:6: clean.keep: matches nothing the cleaner removed: 'Not in this text'",
      "content/a.txt:7: clean.remove: matches no line of the text: 'Nowhere either'",
      "content/b.md:3: clean: applies to .txt clippings only",
    ]);
  });

  it("reports a problem inside a list or a nested field at the line of that item", async () => {
    const root = await contentProject({
      "a.md": GOOD.replace("date:", "topics:\n  - russia\n  - ' '\ndate:"),
      "b.txt": GOOD.replace("date:", "clean:\n  keep: [x]\n  kept: [y]\ndate:"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:5: topics.1: must not be empty",
      "content/b.txt:5: clean.kept: unknown field",
    ]);
  });

  it("reports a title that is missing at line 1, since no line gives it", async () => {
    const root = await contentProject({ "a.md": "---\ndate: 2018-07-16\n---\nText without a heading.\n" });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:1: title: is required: give a title, or start a .txt with the headline or a .md with '# Headline'",
    ]);
  });

  it("reports an unconfirmed field that is not one of byline, date and url, or is not given", async () => {
    const root = await contentProject({
      "a.md": GOOD.replace("date:", "unconfirmed: [byline, dat]\ndate:"),
      "b.md": GOOD.replace("date:", "unconfirmed:\n  - date\n  - url\ndate:"),
      "c.md": GOOD.replace("date:", "unconfirmed: byline\ndate:"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/a.md:3: unconfirmed.1: must be one of byline, date, url",
      "content/b.md:5: unconfirmed: lists 'url', which the front matter does not give",
      "content/c.md:3: unconfirmed: must be a list such as [byline, date]",
    ]);
  });

  it("reports an upper-case idAuthority in site.yaml at its line", async () => {
    const root = await contentProject({ "a.md": GOOD });
    const yaml = await readFile(join(root, "site.yaml"), "utf8");
    await writeFile(join(root, "site.yaml"), yaml.replace(/^idAuthority: dispatch\./m, "idAuthority: Dispatch."));
    const line = yaml.split("\n").findIndex((l) => l.startsWith("idAuthority:")) + 1;
    expect(line).toBeGreaterThan(1);
    expect(await buildProblems(root)).toEqual([
      `site.yaml:${line}: idAuthority: must be 'domain,YYYY-MM-DD' in lower case (RFC 4151)`,
    ]);
  });

  it("reports a file that is not UTF-8 with the line of the bad bytes", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("---\ntitle: Caf"),
      Buffer.from([0xe9]),
      Buffer.from("\ndate: 2018-07-16\n---\nText.\n"),
    ]);
    const root = await contentProject({ "a.md": latin1 });
    expect(await buildProblems(root)).toEqual(["content/a.md:2: encoding: not UTF-8: save the file as UTF-8"]);
  });

  it("builds a long post: a 3 MiB changelog is under the limit", async () => {
    const lines = Array.from({ length: 64_000 }, (_, i) => `- Fixed issue #${i}: a bug in a part of the build.`);
    const body = `${GOOD}\n## Changes\n\n${lines.join("\n")}\n`;
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const root = await contentProject({ "2018-07-16-changelog.md": body });
    await build({ root });
    expect(Object.keys((await loadBuilt(root)).routes)).toContain("/articles/changelog");
  });

  it("reports a file over the size limit", async () => {
    const root = await contentProject({ "big.md": GOOD + "word ".repeat(MAX_FILE_BYTES / 5 + 10) });
    const [p] = await buildProblems(root);
    expect(p).toMatch(new RegExp(`^content/big\\.md:1: file: too large: \\d+ bytes, the limit is ${MAX_FILE_BYTES}$`));
  });

  it("reports an unsupported file type", async () => {
    const root = await contentProject({ "a.md": GOOD, "notes.docx": "PK" });
    expect(await buildProblems(root)).toEqual([
      "content/notes.docx:1: file: unsupported file type '.docx': use .md (or .markdown, .mdx) or .txt",
    ]);
  });

  it("reports every problem in every file at once", async () => {
    const root = await contentProject({
      "a.md": "---\ntitle: A\ndate: 2018-13-01\ncolour: red\n---\nText.\n",
      "b.txt": "---\ndate: 2018-07-16\n---\n",
      "c.docx": "PK",
    });
    const problems = await buildProblems(root);
    expect(problems).toHaveLength(5);
    expect(problems.filter((p) => p.startsWith("content/a.md:")).length).toBe(2);
    expect(problems.filter((p) => p.startsWith("content/b.txt:")).length).toBe(2);
    expect(problems.filter((p) => p.startsWith("content/c.docx:1:")).length).toBe(1);
  });

  it("leaves dist/ exactly as it was when the build fails", async () => {
    const root = await contentProject({ "a.md": GOOD });
    const first = await build({ root });
    const files = ["version.txt", "routes.json", "values.txt"];
    const before = await Promise.all(files.map((f) => readFile(join(first.outDir, f), "utf8")));
    await writeFile(join(root, "content", "b.md"), "---\ntitle: B\n---\nno date\n");
    await expect(build({ root })).rejects.toBeInstanceOf(ContentError);
    expect(await Promise.all(files.map((f) => readFile(join(root, "dist", f), "utf8")))).toEqual(before);
    // Nothing left behind but dist/ and the build cache.
    expect((await readdir(root)).sort()).toEqual([".cache", "content", "dist", "site.yaml"]);
  });

  it("exits non-zero from the command line and prints each problem", async () => {
    const root = await contentProject({ "a.md": "---\ntitle: A\n---\nText.\n" });
    const run = promisify(execFile)(join(project, "node_modules/.bin/tsx"), [join(project, "src/cli/build.ts"), root]);
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("content/a.md:1: date: is required"),
    });
  });
});

describe("an article dated after the build", () => {
  // The site's zone is America/New_York: 2018-07-17 begins at 04:00Z.
  const files = {
    "2018-07-16-today.md": GOOD,
    "2018-07-17-tomorrow.md": GOOD.replace("2018-07-16", "2018-07-17"),
    "later.md": GOOD.replace("date: 2018-07-16", "date: 2018-07-17T09:30:00-04:00"),
  };
  async function read(now: string) {
    const root = await contentProject(files);
    const r = await build({ root, now: Date.parse(now) });
    return { articles: r.articles, warnings: r.warnings.map(formatProblem) };
  }

  it("is left out with a warning at the line of its date, and is no problem", async () => {
    const r = await read("2018-07-17T03:59:59Z");
    expect(r.articles.map((a) => a.slug)).toEqual(["today"]);
    expect(r.warnings).toEqual([
      "content/2018-07-17-tomorrow.md:3: date: is in the future (2018-07-17); not published until a build on or after that day",
      "content/later.md:3: date: is in the future (2018-07-17); not published until a build on or after that day",
    ]);
  });

  it("is published by a build from the start of its day in the site's time zone, or from its time when it has one", async () => {
    const midnight = await read("2018-07-17T04:00:00Z");
    expect(midnight.articles.map((a) => a.slug)).toEqual(["tomorrow", "today"]);
    expect(midnight.warnings).toEqual([
      "content/later.md:3: date: is in the future (2018-07-17); not published until a build on or after that day",
    ]);
    const later = await read("2018-07-17T13:30:00Z");
    expect(later.articles.map((a) => a.slug)).toEqual(["later", "tomorrow", "today"]);
    expect(later.warnings).toEqual([]);
  });

  it("still counts for duplicate slugs", async () => {
    const root = await contentProject({
      "2018-07-16-same.md": GOOD,
      "same.md": GOOD.replace("2018-07-16", "2099-01-01"),
    });
    expect(await buildProblems(root)).toEqual([
      "content/2018-07-16-same.md:1: slug: 'same' is also used by content/same.md",
      "content/same.md:1: slug: 'same' is also used by content/2018-07-16-same.md",
    ]);
  });
});

describe("a good build", () => {
  it("writes the version, its routes and values, bulk-put files and the cleaning report, and replaces dist/ whole", async () => {
    const root = await contentProject({ "2018-07-16-a-good-article.md": GOOD });
    const { head, headText, routes } = await build({ root });
    const files = (await readdir(join(root, "dist"))).sort();
    expect(files).toEqual([
      "build.json",
      "cleaning-report.json",
      "cleaning-report.txt",
      "head.js",
      "kv",
      "routes.json",
      "scopes.json",
      "values.txt",
      "version.txt",
    ]);
    expect((await readFile(join(root, "dist", "version.txt"), "utf8")).trim()).toBe(headText);
    // The module the Worker is bundled with: each Worker version carries the head it serves.
    expect(await readFile(join(root, "dist", "head.js"), "utf8")).toContain(
      `export default ${JSON.stringify(headText)};`,
    );
    expect(headText.split(":")[1]).toBe(head.version);
    // Every value under the hash of its bytes, which names it; the files hold exactly the version's values.
    const values = (await readFile(join(root, "dist", "values.txt"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => l.split(" ")[0]);
    const kv = kvChunks(join(root, "dist")).flatMap((c) => c.entries);
    for (const e of kv) {
      expect(e.base64).toBe(true);
      expect(e.key).toBe(`b/${contentHashSync(Buffer.from(e.value, "base64"))}`);
    }
    expect(kv.map((e) => e.key.slice(2)).sort()).toEqual([...values].sort());
    expect(kv.map((e) => e.key)).toContain(`b/${routes["/feed.atom"]?.[0]}`);
    expect(kv.map((e) => e.key)).toContain(`b/${head.s}`);
  });

  it("carries unconfirmed facts into the article, once each and in a fixed order", async () => {
    const root = await contentProject({
      "2018-07-16-a.md": GOOD.replace(
        "date:",
        "byline: A. Writer\nurl: https://example.org/a\nunconfirmed: [url, byline, url]\ndate:",
      ),
      "2018-07-16-b.md": GOOD.replace("date: 2018-07-16", "date: 2018-07-16T09:00:00-04:00"),
    });
    const { articles } = await build({ root });
    const article = (slug: string) => articles.find((a) => a.slug === slug);
    expect(article("a")?.unconfirmed).toEqual(["byline", "url"]);
    expect(article("b")).not.toHaveProperty("unconfirmed");
    expect(article("b")?.slug).toBe("b");
  });

  it("gives the same content the same version, and changed content a new one", async () => {
    const root = await contentProject({ "a.md": GOOD });
    const one = await build({ root });
    const two = await build({ root });
    expect(two.head.version).toBe(one.head.version);
    await writeFile(join(root, "content", "a.md"), GOOD.replace("good article.", "good article, edited."));
    const three = await build({ root });
    expect(three.head.version).not.toBe(one.head.version);
    // What the edit did not touch keeps its value, so a publish uploads only what changed.
    expect(three.routes["/favicon.svg"]).toEqual(one.routes["/favicon.svg"]);
    expect(three.routes["/feed.atom"]?.[0]).not.toBe(one.routes["/feed.atom"]?.[0]);
  });
});

describe("articles with the same date and time", () => {
  it("publish with a warning at each date line, since readers order entries by it", async () => {
    const root = await contentProject({ "a.md": GOOD, "b.md": GOOD.replace("A good article", "Another good article") });
    const { warnings, articles } = await build({ root });
    expect(articles).toHaveLength(2);
    expect(warnings.map(formatProblem)).toEqual([
      "content/a.md:3: date: has the same date and time (2018-07-16T04:00:00.000Z) as content/b.md; give each a time, such as 2018-07-16T09:30:00-04:00, so readers can order them",
      "content/b.md:3: date: has the same date and time (2018-07-16T04:00:00.000Z) as content/a.md; give each a time, such as 2018-07-16T09:30:00-04:00, so readers can order them",
    ]);
  });
});

describe("the code version", () => {
  it("changes when any source file the build runs or the lockfile changes, so no cached render outlives the code", async () => {
    const root = await mkdtemp(join(tmpdir(), "dispatch-code-"));
    await mkdir(join(root, "src", "render"), { recursive: true });
    await writeFile(join(root, "src", "render", "page.tsx"), "export const a = 1;\n");
    await writeFile(join(root, "package-lock.json"), "{}\n");
    const before = await codeVersion(root);
    expect(await codeVersion(root)).toBe(before);
    await writeFile(join(root, "src", "render", "page.tsx"), "export const a = 3;\n");
    const edited = await codeVersion(root);
    expect(edited).not.toBe(before);
    await writeFile(join(root, "package-lock.json"), '{"hono": "4.14"}\n');
    expect(await codeVersion(root)).not.toBe(edited);
  });

  it("stays the same when code the build does not run changes: the Worker, publishing, the dev server", async () => {
    const root = await mkdtemp(join(tmpdir(), "dispatch-code-"));
    await mkdir(join(root, "src", "content"), { recursive: true });
    await writeFile(join(root, "src", "content", "clean.ts"), "export const a = 1;\n");
    const before = await codeVersion(root);
    for (const folder of ["worker", "publish", "dev", "cli"]) {
      await mkdir(join(root, "src", folder), { recursive: true });
      await writeFile(join(root, "src", folder, "x.ts"), "export const b = 2;\n");
    }
    expect(await codeVersion(root)).toBe(before);
    await writeFile(join(root, "src", "content", "clean.ts"), "export const a = 2;\n");
    expect(await codeVersion(root)).not.toBe(before);
  });
});

describe("Last-Modified across builds", () => {
  const T0 = Date.parse("2026-11-21T12:00:00Z");
  const routesAfter = async (root: string, now: number) => {
    await build({ root, now });
    return JSON.parse(await readFile(join(root, "dist/routes.json"), "utf8")) as Record<
      string,
      [string, number, number]
    >;
  };
  const article = (title: string, date: string, topics: string) =>
    `---\ntitle: ${title}\ndate: ${date}\npublisher: The Test Times\ntopics: [${topics}]\n---\nThe first sentence of ${title}. Another follows.\n`;

  it("stays put while a route's bytes do not change, and moves to the build's time when they do, back-dated or not", async () => {
    const root = await contentProject({
      "2018-07-02-older.md": article("Older", "2018-07-02", "syria"),
      "2018-07-16-newer.md": article("Newer", "2018-07-16", "russia"),
    });
    const first = await routesAfter(root, T0);
    const second = await routesAfter(root, T0 + 86_400_000);
    expect(second).toEqual(first);
    expect(first["/feed.atom"]?.[1]).toBe(T0 / 1000);

    // Back-dated: older than the feed's newest entry, so the feed's <updated> stays; its bytes, and Last-Modified, move.
    await writeFile(join(root, "content", "2018-07-09-between.md"), article("Between", "2018-07-09", "syria"));
    const T2 = T0 + 2 * 86_400_000;
    const third = await routesAfter(root, T2);
    for (const path of ["/feed.atom", "/feed.rss", "/feed.json", "/topics/syria/feed.atom", "/articles/between"])
      expect(third[path]?.[1], path).toBe(T2 / 1000);
    // What the article does not touch keeps its time.
    for (const path of ["/articles/older", "/articles/newer", "/topics/russia/feed.atom"])
      expect(third[path]?.[1], path).toBe(T0 / 1000);
  });
});

describe("drafts", () => {
  const draft = `---\ntitle: Not yet\ndate: 2018-07-17\npublisher: The Test Times\ndraft: true\n---\nThe first sentence of a draft. Another follows.\n`;

  it("leaves a draft out of a publish: no page, no feed entry, no count", async () => {
    const root = await contentProject({ "2018-07-16-good.md": GOOD, "2018-07-17-not-yet.md": draft });
    const result = await build({ root });
    expect(Object.keys(result.routes)).not.toContain("/articles/not-yet");
    expect(result.articles.map((a) => a.slug)).toEqual(["good"]);
    expect(result.summary).toMatchObject({ articles: 1, drafts: 0 });
  });

  it("shows a draft under npm start, its page marked as one", async () => {
    const root = await contentProject({ "2018-07-16-good.md": GOOD, "2018-07-17-not-yet.md": draft });
    const result = await build({ root, drafts: true });
    expect(result.articles.map((a) => a.slug)).toEqual(["not-yet", "good"]);
    expect(result.summary).toMatchObject({ articles: 2, drafts: 1 });
    const built = await loadBuilt(root);
    expect(built.text("/articles/not-yet")).toContain("<strong>Draft</strong>");
    expect(built.text("/articles/good")).not.toContain("<strong>Draft</strong>");
  });

  it("takes only true or false", async () => {
    const root = await contentProject({ "2018-07-17-not-yet.md": draft.replace("draft: true", "draft: maybe") });
    expect(await buildProblems(root)).toEqual(["content/2018-07-17-not-yet.md:5: draft: must be true or false"]);
  });
});
