// Render costs in Node: a 20-entry subscription feed per format, a digest week page and the home page.
import { renderDigestPage } from "../src/render/digest/page.js";
import { planDigest } from "../src/render/digest/week-plan.js";
import { renderHomePage } from "../src/render/html/home.js";
import { feedDocument, renderFeed } from "../src/render/site-feeds.js";
import type { ArticleRecord } from "../src/shared/article.js";
import { FEED_FORMATS } from "../src/shared/paths.js";
import type { SiteIndex } from "../src/shared/site-index.js";
import { type LoopOptions, type Timing, timeSync } from "./stats.js";

export interface RenderRow {
  name: string;
  timing: Timing;
  bytes: number;
}

export interface RenderInput {
  /** The index built from `articles`. */
  index: SiteIndex;
  /** Newest first, at least site.feedSize of them. */
  articles: ArticleRecord[];
  /** The digest week to render, e.g. 2018-W29. */
  week: string;
  loop: LoopOptions;
}

const bytesOf = (s: string) => Buffer.byteLength(s);

/** The fixed clock: past every article, so every week is finished, as when the Worker serves it. */
const NOW = Date.parse("2026-11-23T12:00:00Z");

/**
 * planDigest alone over bigger indexes: a cold isolate pays it on its first digest request (once per topic), and the
 * cron on every run, so its growth with the number of weeks is CPU time a reader waits for.
 */
export function planBench(indexes: { name: string; index: SiteIndex }[], loop: LoopOptions): RenderRow[] {
  return indexes.map(({ name, index }) => ({
    name: `planDigest alone, ${name} (${planDigest(index, NOW).weeks.length} weeks)`,
    timing: timeSync(() => planDigest(index, NOW), loop),
    bytes: Number.NaN,
  }));
}

export function renderBench({ index, articles, week, loop }: RenderInput): RenderRow[] {
  const site = index.site;
  const rows: RenderRow[] = [];
  const scope = { kind: "site" } as const;
  // Feed entries are memoised per article record (src/render/entries.ts), as in an isolate that has rendered before:
  // "warm" reuses the records, "cold" hands in fresh copies each run so every entry is made again.
  for (const format of FEED_FORMATS) {
    const render = () => renderFeed(format, feedDocument({ site, scope, articles, format }));
    const body = render();
    rows.push({
      name: `feed ${format}, ${site.feedSize} entries, warm`,
      timing: timeSync(render, loop),
      bytes: bytesOf(body),
    });
  }
  const cold = () => {
    const fresh = articles.map((a) => ({ ...a }));
    return renderFeed("atom", feedDocument({ site, scope, articles: fresh, format: "atom" }));
  };
  rows.push({
    name: `feed atom, ${site.feedSize} entries, cold`,
    timing: timeSync(cold, loop),
    bytes: bytesOf(cold()),
  });
  const fresh = () => feedDocument({ site, scope, articles: articles.map((a) => ({ ...a })), format: "atom" });
  rows.push({ name: "  of which feedDocument, cold", timing: timeSync(fresh, loop), bytes: Number.NaN });
  const doc = feedDocument({ site, scope, articles, format: "atom" });
  rows.push({
    name: "  of which renderFeed (XML)",
    timing: timeSync(() => renderFeed("atom", doc), loop),
    bytes: bytesOf(renderFeed("atom", doc)),
  });

  const plan0 = planDigest(index, NOW);
  const digestWeek = plan0.weeks.find((w) => w.name === week);
  if (!digestWeek) throw new Error(`the bench index has no digest week ${week}`);
  const digest = () => {
    const plan = planDigest(index, NOW);
    const w = plan.weeks.find((x) => x.name === week);
    return w ? renderDigestPage(plan, w) : "";
  };
  rows.push({
    name: `digest page ${week} (${digestWeek.articles.length} articles; planDigest + render)`,
    timing: timeSync(digest, loop),
    bytes: bytesOf(digest()),
  });

  const home = () => renderHomePage({ site, articles: index.articles, topics: index.topics });
  rows.push({
    name: `home page (${Math.min(index.articles.length, 20)} articles listed)`,
    timing: timeSync(home, loop),
    bytes: bytesOf(home()),
  });
  return rows;
}
