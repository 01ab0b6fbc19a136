// An article whose text holds "]]>" twice, a vertical tab, a <script> tag and an emoji, from content/ to every feed.
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { hasXmlUnsafe } from "../../src/shared/escape.js";
import { checkAtom, checkJsonFeed, checkRss } from "../render/conformance.js";
import { type Built, loadBuilt } from "../support/dist.js";

const project = resolve(import.meta.dirname, "../..");
const NASTY = "Watch ]]> this ]]> space\u000bnow <script>alert(1)</script> 🛰️";

let built: Built;
const route = (path: string) => built.text(path);

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), "dispatch-hostile-"));
  await cp(join(project, "site.yaml"), join(root, "site.yaml"));
  await mkdir(join(root, "content"));
  await writeFile(
    join(root, "content", "2018-07-17-hostile-clipping.txt"),
    `---\ntitle: "${NASTY.replace("\u000b", "\\v")}"\ndate: 2018-07-17\npublisher: The Test Times\ntopics: [syria]\n---\n${NASTY}. The rest of the report follows here.\n`,
  );
  await writeFile(
    join(root, "content", "2018-07-18-hostile-post.md"),
    `---\ntitle: A post with markup\ndate: 2018-07-18\ntopics: [syria]\n---\n${NASTY}\n\n<script>alert(2)</script>\n\n<p onclick="alert(3)"><a href="javascript:alert(4)">link</a> and <a href="/topics/syria">a relative one</a></p>\n`,
  );
  await build({ root });
  built = await loadBuilt(root);
});

describe("hostile article text", () => {
  const feeds = [
    "/feed.atom",
    "/feed.rss",
    "/feed.json",
    "/topics/syria/feed.atom",
    "/topics/syria/feed.rss",
    "/topics/syria/feed.json",
  ];

  it("leaves every feed well-formed and valid", async () => {
    for (const path of feeds) {
      const body = route(path);
      expect(body, path).not.toBe("");
      const problems = path.endsWith(".atom")
        ? await checkAtom(body)
        : path.endsWith(".rss")
          ? await checkRss(body)
          : checkJsonFeed(body);
      expect(problems, path).toEqual([]);
    }
  });

  it("shows the text as text, the vertical tab as a space, and never a script element", () => {
    const shown = "Watch ]]> this ]]> space now <script>alert(1)</script> 🛰️";
    const atom = parseAtomFeed(route("/feed.atom")).entries ?? [];
    const clipping = atom.find((e) => e.id?.endsWith("hostile-clipping"));
    // Declared as HTML in Atom, escaped as such: a reader shows the characters.
    expect(clipping?.title).toEqual({
      type: "html",
      value: shown.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    });
    expect(clipping?.content?.value).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(clipping?.content?.value).toContain("🛰️");
    const post = atom.find((e) => e.id?.endsWith("hostile-post"));
    expect(post?.content?.value).toContain('<a href="https://dispatch.example.com/topics/syria">a relative one</a>');
    const contents = [
      ...atom.map((e) => e.content?.value),
      ...(parseRssFeed(route("/feed.rss")).items ?? []).map((i) => i.content?.encoded),
      ...(parseJsonFeed(route("/feed.json")).items ?? []).map((i) => i.content_html),
    ];
    for (const html of contents) expect(html).not.toMatch(/<script|onclick|javascript:/i);
  });

  it("escapes the text on the article page", () => {
    const page = route("/articles/hostile-clipping");
    expect(page).toContain("Watch ]]&gt; this ]]&gt; space");
    expect(page).not.toContain("<script>alert");
    expect(hasXmlUnsafe(page)).toBe(false);
  });
});
