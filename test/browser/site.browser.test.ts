// The site and the digest as a reader's browser gets them from the running Worker: Debian's Chromium at 1280 and 375 px,
// light and dark, with no console error, no sideways scrolling, no request off 127.0.0.1 and no axe-core violation; and a
// web reader on another origin revalidating a feed through CORS.
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startDispatchWorker } from "../support/worker-server.js";
import { launchChromium } from "./chromium.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const screenshots = resolve(import.meta.dirname, "../../docs/screenshots");

// A word no line can hold, echoed back by the error pages: what pushes a page sideways on a phone.
const word = "Antidisestablishmentarianism".repeat(5);

/** What a reader opens, and the status the Worker answers with. */
const PAGES: { path: string; status: number }[] = [
  { path: "/digest/2018-W29", status: 200 },
  { path: "/digest", status: 200 },
  { path: "/digest/archive", status: 200 },
  { path: "/digest/2018-W29/email", status: 200 },
  { path: "/", status: 200 },
  { path: "/topics", status: 200 },
  { path: "/topics/syria", status: 200 },
  { path: "/feeds", status: 200 },
  { path: "/authors", status: 200 },
  { path: "/authors/thomas-gibbons-neff", status: 200 },
  { path: "/articles/american-russian-relations-in-syria", status: 200 },
  { path: `/articles/${word}`, status: 404 },
  { path: "/digest/2017-W01", status: 404 },
  { path: `/digest/2018-W7${word}`, status: 400 },
];
const WIDTHS = [1280, 375] as const;
const SCHEMES = ["light", "dark"] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** What went wrong on one page load, one line each, precise enough to fix from. */
interface Visit {
  status: number | undefined;
  problems: string[];
}

// Started once, awaited by each test: a missing build or /usr/bin/chromium then fails every test with the reason
// (a failing beforeAll would report them as skipped, and a skipped test cannot fail).
let worker: Promise<RunningWorker>;
let browser: Promise<Browser>;

beforeAll(() => {
  worker = startDispatchWorker();
  browser = launchChromium();
  worker.catch(() => {});
  browser.catch(() => {});
});

afterAll(async () => {
  await (await browser.catch(() => undefined))?.close();
  await (await worker.catch(() => undefined))?.stop();
});

/** A fresh browser profile at `width` px in `colorScheme`, and the Worker's origin. */
async function open(
  width: number,
  colorScheme: "light" | "dark",
): Promise<{ context: BrowserContext; origin: string }> {
  const { origin } = await worker;
  const viewport = { width, height: width > 600 ? 800 : 812 };
  return { context: await (await browser).newContext({ viewport, colorScheme }), origin };
}

/** Opens `path` and reports console errors, uncaught exceptions, failed or off-site requests, overflow and axe findings. */
async function visit(page: Page, origin: string, path: string, expectedStatus: number): Promise<Visit> {
  const url = `${origin}${path}`;
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const where = m.location().url;
    // Chromium logs an error page's own status as a failed load; that status is what the test expects.
    if (where === url && m.text().includes(`status of ${expectedStatus}`)) return;
    problems.push(`console error${where ? ` (${where})` : ""}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol !== "data:" && u.origin !== origin) problems.push(`request off the Worker: ${r.url()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));

  const response = await page.goto(url);
  // Expressions as strings: this project's types have no DOM (the code runs in workerd and Node).
  const { scrollWidth, innerWidth } = (await page.evaluate(
    "({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })",
  )) as { scrollWidth: number; innerWidth: number };
  if (scrollWidth > innerWidth)
    problems.push(`scrolls sideways: ${scrollWidth}px of content in a ${innerWidth}px window`);

  // Chromium fetches the page's icon (a <link rel="icon">, else /favicon.ico) once per browser, after the load event,
  // and logs a console error when it fails; asked for here, so every page answers for it, not just the first one opened.
  const icon = (await page.evaluate(
    `document.querySelector('link[rel~="icon"]')?.href ?? new URL("/favicon.ico", location.href).href`,
  )) as string;
  if (!icon.startsWith("data:")) {
    const answer = await page.request.get(icon);
    if (!answer.ok()) problems.push(`icon ${icon} answers ${answer.status()}: Chromium logs that as a console error`);
  }

  // axe is added to the copy in the test browser only; the pages themselves carry no script.
  // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no script at all) does not
  // govern; a <script> tag would be refused, as it should be.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as AxeViolation[];
  for (const v of violations) {
    for (const n of v.nodes) {
      const why = n.failureSummary.replace(/\s+/g, " ").trim();
      problems.push(`axe ${v.id} (${v.impact}) at ${n.target.join(" ")}: ${v.help}. ${why} <${v.helpUrl}>`);
    }
  }
  return { status: response?.status(), problems };
}

// Each check has a browser profile of its own, so they run a few at a time (the browser project's maxConcurrency):
// most of a check is waiting on Chromium and axe, not on this process.
describe.concurrent("the Worker's pages in Chromium", () => {
  for (const colorScheme of SCHEMES) {
    for (const width of WIDTHS) {
      for (const { path, status } of PAGES) {
        const name = path.length > 60 ? `${path.slice(0, 40)}…` : path;
        it(`${name} at ${width}px, ${colorScheme}: status ${status}, no console error, no sideways scroll, no axe violation`, async ({
          expect,
        }) => {
          const { context, origin } = await open(width, colorScheme);
          try {
            const result = await visit(await context.newPage(), origin, path, status);
            expect({ path, ...result }).toEqual({ path, status, problems: [] });
          } finally {
            await context.close();
          }
        });
      }
    }
  }
});

/** A PNG's pixel width, from its IHDR chunk (https://www.w3.org/TR/png-3/#11IHDR). */
const pngWidth = (png: Buffer) => png.readUInt32BE(16);

describe("screenshots of the digest for the README (docs/screenshots)", () => {
  for (const width of WIDTHS) {
    it(`digest-${width}.png: /digest/2018-W29 at ${width}px, full page, no wider than the window`, async () => {
      const { context, origin } = await open(width, "light");
      try {
        const page = await context.newPage();
        const response = await page.goto(`${origin}/digest/2018-W29`);
        expect(response?.status()).toBe(200);
        const png = await page.screenshot({ fullPage: true, animations: "disabled" });
        // A full-page shot is as wide as the page: anything sticking out would widen it.
        expect(pngWidth(png)).toBe(width);
        const file = resolve(screenshots, `digest-${width}.png`);
        // Kept for the README; rewritten only when the page looks different.
        if (!existsSync(file) || !readFileSync(file).equals(png)) writeFileSync(file, png);
      } finally {
        await context.close();
      }
    });
  }
});

describe("a web feed reader on another origin, in Chromium", () => {
  it("revalidates /feed.atom with If-None-Match and gets 304, reading ETag, Last-Modified and Link", async () => {
    const { context, origin } = await open(1280, "light");
    try {
      // The reader's page, at another origin (another port), from a server of the test's own on 127.0.0.1: Chromium
      // lets a page reach a loopback address only from the loopback address space (Local Network Access).
      const server = createServer((_, res) => res.end("<!doctype html><title>A web reader</title>"));
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).finally(() => server.close());
      // If-None-Match is not a CORS-safelisted header, so Chromium sends a preflight first, and hands the page the 304
      // only when that preflight allowed the header and the 304 itself carries Access-Control-Allow-Origin.
      const seen = (await page.evaluate(`(async () => {
        const url = ${JSON.stringify(`${origin}/feed.atom`)};
        const first = await fetch(url, { cache: "no-store" });
        const read = (res) => ({ status: res.status, etag: res.headers.get("ETag"),
          modified: res.headers.get("Last-Modified"), link: res.headers.get("Link") });
        const before = read(first);
        await first.text();
        const again = await fetch(url, { cache: "no-store", headers: { "If-None-Match": before.etag } });
        return { before, after: read(again) };
      })()`)) as Record<
        "before" | "after",
        { status: number; etag: string | null; modified: string | null; link: string | null }
      >;
      expect(seen.before.status).toBe(200);
      expect(seen.before.etag).toMatch(/^"[^"]+"$/);
      expect(seen.before.modified).toMatch(/ GMT$/);
      expect(seen.before.link).toContain('rel="self"');
      expect(seen.after).toEqual({ ...seen.before, status: 304 });
    } finally {
      await context.close();
    }
  });
});
