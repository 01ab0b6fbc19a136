// The pages in a real browser (Debian's Chromium): no sideways scrolling on a phone or a laptop, and no WCAG A/AA
// failures axe-core can find (contrast included) in light and dark mode.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderNotFoundPage } from "../../src/render/html/not-found.js";
import { renderSitePages } from "../../src/render/site-pages.js";
import type { ArticleRecord, TopicCount } from "../../src/shared/article.js";
import { articles, site, topics, wapo } from "./page-fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// Words and URLs no line can hold, a wide table and preformatted text: what pushes a page sideways.
const word = "Antidisestablishmentarianism".repeat(5);
const wide: ArticleRecord = {
  ...wapo,
  slug: "wide-content",
  title: `A headline with ${word} in it`,
  publisher: `Publisher${word}`,
  byline: `Reporter ${word}`,
  url: `https://example.com/${word}/${word}`,
  summary: `A summary with ${word} and https://example.com/${word}.`,
  topics: [{ slug: "russia", label: "Russia" }],
  html: `<p>${word} https://example.com/${word}</p><pre>${"wide code ".repeat(30)}</pre><table><tr>${"<td>cell value</td>".repeat(12)}</tr></table><blockquote><p>${word}</p></blockquote>`,
};
const allArticles = [wide, ...articles];
const allTopics: TopicCount[] = topics.map((t) => (t.slug === "russia" ? { ...t, count: t.count + 1 } : t));
const documents = [
  ...renderSitePages({ site, articles: allArticles, topics: allTopics }).map((p) => ({ path: p.path, html: p.body })),
  { path: "(404)", html: renderNotFoundPage(site, `Nothing at /articles/${word}.`) },
];

interface AxeViolation {
  id: string;
  nodes: { target: string[] }[];
}

describe.skipIf(!existsSync(CHROMIUM))("pages in Chromium (apt-get install -y chromium)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [375, 1280]) {
      it(`fit ${width}px without sideways scrolling and pass axe in ${colorScheme} mode`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        const failures: string[] = [];
        for (const d of documents) {
          await page.setContent(d.html);
          // Expressions as strings: this project's types have no DOM (the code runs in workerd and Node).
          const { scrollWidth, clientWidth } = (await page.evaluate(
            "({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })",
          )) as { scrollWidth: number; clientWidth: number };
          if (scrollWidth > clientWidth) failures.push(`${d.path}: ${scrollWidth}px wide in a ${clientWidth}px window`);
          // axe is added to the copy in the test browser only; the pages themselves carry no script.
          await page.addScriptTag({ content: axeSource });
          const violations = (await page.evaluate(
            `axe.run({ runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }).then((r) => r.violations)`,
          )) as AxeViolation[];
          for (const v of violations) {
            failures.push(`${d.path}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
          }
        }
        await context.close();
        expect(failures).toEqual([]);
      }, 60_000);
    }
  }
});
