// The build on bad input: every problem in every file reported as FILE:LINE: field: message, and dist/ left untouched.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "../../src/build/articles.js";
import { build } from "../../src/build/build.js";
import { ContentError, formatProblem } from "../../src/build/problems.js";

const project = resolve(import.meta.dirname, "../..");
const GOOD = `---
title: A good article
date: 2018-07-16
publisher: The Test Times
---
The first sentence of a good article. A second one follows it.
`;

/** A project folder with site.yaml and the given content files. */
async function fixture(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "dispatch-build-"));
  await cp(join(project, "site.yaml"), join(root, "site.yaml"));
  await mkdir(join(root, "content"));
  for (const [name, body] of Object.entries(files)) await writeFile(join(root, "content", name), body);
  return root;
}

async function problemsOf(root: string): Promise<string[]> {
  try {
    await build({ root });
  } catch (e) {
    if (e instanceof ContentError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error("the build succeeded");
}

describe("bad input", () => {
  it("reports a YAML syntax error with its line", async () => {
    const root = await fixture({ "a.md": "---\ntitle: A\ndate: 2018-07-16\ntopics: [russia\n---\nText.\n" });
    const [p] = await problemsOf(root);
    expect(p).toMatch(/^content\/a\.md:[45]: yaml: /);
  });

  it("reports a missing date and an invalid date", async () => {
    const root = await fixture({
      "a.md": "---\ntitle: A\n---\nText.\n",
      "b.md": "---\ntitle: B\ndate: 2018-02-30\n---\nText.\n",
      "c.md": "---\ntitle: C\ndate: yesterday\n---\nText.\n",
    });
    const problems = await problemsOf(root);
    expect(problems).toContain("content/a.md:1: date: is required");
    expect(problems.find((p) => p.startsWith("content/b.md:3: date: must be a date"))).toBeDefined();
    expect(problems.find((p) => p.startsWith("content/c.md:3: date: must be a date"))).toBeDefined();
  });

  it("reports an empty body at the line where the body starts", async () => {
    const root = await fixture({ "a.md": "---\ntitle: A\ndate: 2018-07-16\n---\n\n  \n" });
    expect(await problemsOf(root)).toEqual([
      "content/a.md:5: body: is empty: an article needs text below the front matter",
    ]);
  });

  it("reports an unknown front-matter key at its line", async () => {
    const root = await fixture({ "a.md": "---\ntitle: A\ndate: 2018-07-16\nauthr: Someone\n---\nText.\n" });
    expect(await problemsOf(root)).toEqual(["content/a.md:4: authr: unknown field"]);
  });

  it("reports a duplicate slug in the second file", async () => {
    const root = await fixture({ "2018-07-16-same.md": GOOD, "same.md": GOOD.replace("2018-07-16", "2018-07-17") });
    expect(await problemsOf(root)).toEqual([
      "content/same.md:1: slug: 'same' is already used by content/2018-07-16-same.md",
    ]);
  });

  it("reports a duplicate id (same date and slug given in front matter)", async () => {
    const root = await fixture({
      "a.md": GOOD.replace("date:", "slug: twin\ndate:"),
      "b.md": GOOD.replace("date:", "slug: twin\ndate:"),
    });
    const problems = await problemsOf(root);
    expect(problems[0]).toBe("content/b.md:1: slug: 'twin' is already used by content/a.md");
  });

  it("reports a file that is not UTF-8 with the line of the bad bytes", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("---\ntitle: Caf"),
      Buffer.from([0xe9]),
      Buffer.from("\ndate: 2018-07-16\n---\nText.\n"),
    ]);
    const root = await fixture({ "a.md": latin1 });
    expect(await problemsOf(root)).toEqual(["content/a.md:2: encoding: not UTF-8: save the file as UTF-8"]);
  });

  it("reports a file over the size limit", async () => {
    const root = await fixture({ "big.md": GOOD + "word ".repeat(MAX_FILE_BYTES / 5 + 10) });
    const [p] = await problemsOf(root);
    expect(p).toMatch(new RegExp(`^content/big\\.md:1: file: too large: \\d+ bytes, the limit is ${MAX_FILE_BYTES}$`));
  });

  it("reports an unsupported file type", async () => {
    const root = await fixture({ "a.md": GOOD, "notes.docx": "PK" });
    expect(await problemsOf(root)).toEqual([
      "content/notes.docx:1: file: unsupported file type '.docx': use .md or .txt",
    ]);
  });

  it("reports every problem in every file at once", async () => {
    const root = await fixture({
      "a.md": "---\ntitle: A\ndate: 2018-13-01\ncolour: red\n---\nText.\n",
      "b.txt": "---\ndate: 2018-07-16\n---\n",
      "c.pdf": "%PDF",
    });
    const problems = await problemsOf(root);
    expect(problems).toHaveLength(5);
    expect(problems.filter((p) => p.startsWith("content/a.md:")).length).toBe(2);
    expect(problems.filter((p) => p.startsWith("content/b.txt:")).length).toBe(2);
    expect(problems.filter((p) => p.startsWith("content/c.pdf:1:")).length).toBe(1);
  });

  it("leaves dist/ exactly as it was when the build fails", async () => {
    const root = await fixture({ "a.md": GOOD });
    const first = await build({ root });
    const before = await readFile(join(first.outDir, "kv.json"), "utf8");
    await writeFile(join(root, "content", "b.md"), "---\ntitle: B\n---\nno date\n");
    await expect(build({ root })).rejects.toBeInstanceOf(ContentError);
    expect(await readFile(join(root, "dist", "kv.json"), "utf8")).toBe(before);
    expect((await readdir(root)).sort()).toEqual(["content", "dist", "site.yaml"]);
  });

  it("exits non-zero from the command line and prints each problem", async () => {
    const root = await fixture({ "a.md": "---\ntitle: A\n---\nText.\n" });
    const run = promisify(execFile)(join(project, "node_modules/.bin/tsx"), [join(project, "src/build/cli.ts"), root]);
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("content/a.md:1: date: is required"),
    });
  });
});

describe("a good build", () => {
  it("writes the bundle, the version and the cleaning report, and replaces dist/ whole", async () => {
    const root = await fixture({ "2018-07-16-a-good-article.md": GOOD });
    const { bundle } = await build({ root });
    const files = (await readdir(join(root, "dist"))).sort();
    expect(files).toEqual(["cleaning-report.json", "cleaning-report.txt", "index.json", "kv.json", "version.txt"]);
    expect((await readFile(join(root, "dist", "version.txt"), "utf8")).trim()).toBe(bundle.version);
    const kv = JSON.parse(await readFile(join(root, "dist", "kv.json"), "utf8")) as { key: string; value: string }[];
    expect(kv.every((e) => e.key.startsWith(`v/${bundle.version}/`) && typeof e.value === "string")).toBe(true);
    expect(kv.map((e) => e.key)).toContain(`v/${bundle.version}/article/a-good-article`);
  });

  it("gives the same content the same version, and changed content a new one", async () => {
    const root = await fixture({ "a.md": GOOD });
    const one = await build({ root });
    const two = await build({ root });
    expect(two.bundle.version).toBe(one.bundle.version);
    await writeFile(join(root, "content", "a.md"), GOOD.replace("good article.", "good article, edited."));
    const three = await build({ root });
    expect(three.bundle.version).not.toBe(one.bundle.version);
  });
});
