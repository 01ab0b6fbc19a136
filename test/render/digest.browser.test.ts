// The digest's pages in a real browser (Debian's Chromium): no sideways scrolling on a phone or a laptop, and no
// WCAG A/AA failures axe-core can find, in light and dark mode; the email fits a phone too.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDigestArchive } from "../../src/render/digest/archive.js";
import { renderDigestEmail } from "../../src/render/digest/email.js";
import { renderDigestBadWeek, renderDigestNotFound } from "../../src/render/digest/not-found.js";
import { renderDigestPage } from "../../src/render/digest/page.js";
import { lookupWeek, planDigest } from "../../src/render/digest/week-plan.js";
import { type ArticleSpec, at, BUSY_WEEK, indexOf, SEEDS } from "./digest-fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// Words and URLs no line can hold: what pushes a page sideways.
const word = "Antidisestablishmentarianism".repeat(5);
const wide: ArticleSpec = {
  ...at(BUSY_WEEK, 1),
  slug: "wide-content",
  title: `A headline with ${word} in it`,
  publisher: `Publisher${word}`,
  byline: `Reporter ${word}`,
  url: `https://example.com/${word}/${word}`,
  summary: `A summary with ${word} and https://example.com/${word}.`,
  topics: [`topic-${word}`.toLowerCase()],
};
const index = indexOf([...SEEDS, ...BUSY_WEEK, wide]);
const during = planDigest(index, Date.parse("2018-07-20T12:00:00-04:00"));
const later = planDigest(index, Date.parse("2026-11-21T12:00:00Z"));

function week(plan: typeof later, name: string) {
  const found = lookupWeek(plan, name);
  if (found.kind !== "week") throw new Error(`${name} is ${found.kind}`);
  return found.week;
}
function missing(name: string) {
  const found = lookupWeek(later, name);
  if (found.kind !== "empty" && found.kind !== "future") throw new Error(`${name} is ${found.kind}`);
  return found;
}

const pages = [
  { path: "/digest/2018-W29", html: renderDigestPage(later, week(later, "2018-W29")) },
  { path: "/digest/2018-W29 (in progress)", html: renderDigestPage(during, week(during, "2018-W29")) },
  { path: "/digest/2015-W40", html: renderDigestPage(later, week(later, "2015-W40")) },
  { path: "/digest/archive", html: renderDigestArchive(during) },
  { path: "/digest/2017-W01 (404)", html: renderDigestNotFound(later, missing("2017-W01")) },
  { path: "/digest/2018-W7 (400)", html: renderDigestBadWeek(later, `2018-W7${word}`) },
];
const email = { path: "/digest/2018-W29/email", html: renderDigestEmail(later, week(later, "2018-W29")) };

interface AxeViolation {
  id: string;
  nodes: { target: string[] }[];
}

describe.skipIf(!existsSync(CHROMIUM))("digest pages in Chromium (apt-get install -y chromium)", () => {
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
        for (const d of [...pages, email]) {
          await page.setContent(d.html);
          // Expressions as strings: this project's types have no DOM.
          const { scrollWidth, clientWidth } = (await page.evaluate(
            "({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })",
          )) as { scrollWidth: number; clientWidth: number };
          if (scrollWidth > clientWidth) failures.push(`${d.path}: ${scrollWidth}px wide in a ${clientWidth}px window`);
          if (d === email) continue; // mail clients, not browsers, are the email's judges; axe's page rules do not fit it
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
