// The build: site.yaml and content/ in; the version's values in the value store and its description in dist/, which
// is replaced whole or not at all.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { FileReport } from "../content/article.js";
import { formatCleaningReport } from "../content/cleaning-report.js";
import { ContentError, type Problem } from "../content/problems.js";
import type { ArticleSummary } from "../shared/article.js";
import { paths } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";
import type { Head } from "../shared/stored-version.js";
import { type ArticleInfo, type ReadResult, readArticles } from "./articles.js";
import { cacheDirOf, codeVersion, UnitMemo } from "./cache.js";
import { writeChunks } from "./chunks.js";
import { type LaidOut, layOut, type RouteTable, type ScopeTable } from "./kv-layout.js";
import { brokenLinks } from "./link-check.js";
import { rewriteOldLinks } from "./link-rewrite.js";
import { oldAddresses } from "./old-addresses.js";
import { Workers } from "./pool.js";
import type { Progress } from "./progress.js";
import { contentPrefixOf, posixRelative } from "./project-paths.js";
import { renderSite, type SiteRender } from "./render-site.js";
import { readSiteConfig } from "./site-config.js";
import { bundlesOf, type SiteFiles, storeSiteFiles } from "./site-files.js";
import { ValueStore } from "./value-store.js";

export interface BuildOptions {
  /** Project root: file names in messages are relative to it. */
  root: string;
  contentDir?: string;
  siteFile?: string;
  outDir?: string;
  /** The build cache (values and memo); cacheDirOf(root) when absent. */
  cacheDir?: string;
  /** The build's clock (epoch ms): the publication time of what changed, and what counts as future. */
  now?: number;
  /** Publish drafts too, marked as such (`npm start`). */
  drafts?: boolean;
  progress?: Progress;
}

/** What dist/ holds; README "The KV bundle" documents each file. */
export const DIST_FILES = {
  /** The head: the version and the shards it names. */
  version: "version.txt",
  /** The head as a module the Worker imports ("dispatch:head"): each Worker version carries the content it serves. */
  bundledHead: "head.js",
  /** Every route with its value and Last-Modified: the next build carries Last-Modified over from it. */
  routes: "routes.json",
  /** Each scope's fingerprint and Last-Modified, carried over the same way. */
  scopes: "scopes.json",
  /** Every value the version needs, "hash size" a line: what a publish must find in KV. */
  values: "values.txt",
  /** What the build made, in numbers. */
  summary: "build.json",
  report: "cleaning-report.txt",
  reportJson: "cleaning-report.json",
  /** Every value, as files `wrangler kv bulk put` takes. */
  kv: "kv",
} as const;

export interface BuildSummary {
  version: string;
  publishedAt: string;
  articles: number;
  drafts: number;
  topics: number;
  authors: number;
  weeks: number;
  routes: number;
  /** Values the version needs, and their bytes. */
  values: number;
  bytes: number;
  largestValue: { path: string; bytes: number };
  shards: number;
  largestShard: number;
  /** Files read afresh; the rest came from the cache. */
  filesRead: number;
  /** Renders made afresh, and taken from the memo. */
  rendered: number;
  memoHits: number;
  /** Values this build added to the store, and their bytes. */
  written: number;
  writtenBytes: number;
  /** Wall time of each stage, ms: reading articles, rendering, laying out shards, writing dist/. */
  stages: { read: number; render: number; layout: number; write: number };
}

export interface BuildResult {
  site: SiteConfig;
  head: Head;
  headText: string;
  summary: BuildSummary;
  report: string;
  reports: FileReport[];
  /** What was published with a note (future dates, shared instants, old dates), as problems. */
  warnings: Problem[];
  outDir: string;
  storeDir: string;
  /** The published articles, newest first. */
  articles: ArticleSummary[];
  routes: RouteTable;
}

/**
 * Builds the version and writes dist/. Every file goes to a sibling temporary folder first, which then replaces
 * `outDir` by rename: a failed build (bad content, a crash mid-write) leaves the previous dist/ untouched. Values go
 * to the store first; they are named by their bytes, so adding them never disturbs a version already built.
 * Throws ContentError listing every problem in every file.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { root } = options;
  const now = options.now ?? Date.now();
  const contentDir = options.contentDir ?? join(root, "content");
  const outDir = options.outDir ?? join(root, "dist");
  const cacheDir = options.cacheDir ?? cacheDirOf(root);
  const site = await readSiteConfig(root, options.siteFile ?? join(root, "site.yaml"));
  // The code that runs this build, wherever the content is.
  const code = await codeVersion(resolve(import.meta.dirname, "../.."));
  const store = await ValueStore.open(join(cacheDir, "values"));
  const workers = new Workers(site, store.dir, contentPrefixOf(root, contentDir), (stored) => store.adopt(stored));
  try {
    return await buildWith({ options, root, now, contentDir, outDir, cacheDir, site, code, store, workers });
  } finally {
    await workers.close();
  }
}

interface BuildContext {
  options: BuildOptions;
  root: string;
  now: number;
  contentDir: string;
  outDir: string;
  cacheDir: string;
  site: SiteConfig;
  code: string;
  store: ValueStore;
  workers: Workers;
}

/** content/ read, or its problems thrown: every file's, or that it holds no article. */
async function readContent(ctx: BuildContext): Promise<ReadResult> {
  const { options, root, now, contentDir, cacheDir, site, code, store, workers } = ctx;
  const { progress } = options;
  const read = await readArticles({
    workers,
    site,
    root,
    dir: contentDir,
    now,
    store,
    cacheDir,
    code,
    ...(options.drafts ? { drafts: true } : {}),
    ...(progress ? { progress } : {}),
  });
  if (read.problems.length > 0) throw new ContentError(read.problems);
  if (read.articles.length === 0)
    throw new ContentError([
      { file: posixRelative(root, contentDir), line: 1, field: "content", message: "holds no articles" },
    ]);

  return read;
}

async function buildWith(ctx: BuildContext): Promise<BuildResult> {
  const { options, root, now, contentDir, outDir, cacheDir, site, code, store, workers } = ctx;
  const { progress } = options;
  const t0 = performance.now();
  const read = await readContent(ctx);
  const t1 = performance.now();
  const contentPrefix = contentPrefixOf(root, contentDir);
  const permalinks = { patterns: site.permalinks, contentPrefix };
  // A link to another article's old address goes straight to its page, in the page and in every feed. Only articles'
  // old addresses matter here; the full table, which must know every route, is made after rendering.
  const articlePaths = new Set(read.articles.map((a) => paths.article(a.summary.slug)));
  const articles = rewriteOldLinks(
    site,
    read.articles,
    read.siteLinks,
    oldAddresses(read.articles, articlePaths, permalinks).redirects,
    store,
  );
  const memo = await UnitMemo.open(cacheDir, code, (hash) => store.has(hash));
  const rendered = await renderSite({
    site,
    articles,
    now,
    store,
    memo,
    workers,
    ...(progress ? { progress } : {}),
  });
  const t2 = performance.now();
  const previous = {
    routes: JSON.parse(await readFile(join(outDir, DIST_FILES.routes), "utf8").catch(() => "{}")) as RouteTable,
    scopes: JSON.parse(await readFile(join(outDir, DIST_FILES.scopes), "utf8").catch(() => "{}")) as ScopeTable,
  };
  const { files, moved } = await filesAndOldAddresses(ctx, read, rendered, permalinks);
  const laid = await layOut(site, rendered, previous, now, store, code, moved.redirects);
  await store.commit();
  if (laid.oversize.length > 0) throw new ContentError(oversizeProblems(ctx, laid.oversize, read.articles, files));
  await memo.save();
  progress?.done();

  const summary = summaryOf(ctx, read, rendered, laid, memo, {
    read: t1 - t0,
    render: t2 - t1,
    layout: performance.now() - t2,
    write: 0,
  });
  const report = formatCleaningReport(read.reports);

  await writeDist(outDir, store, laid, summary, report, read.reports);
  return {
    site,
    head: laid.head,
    headText: laid.headText,
    summary,
    report,
    reports: read.reports,
    warnings: [
      ...read.warnings,
      ...files.warnings,
      ...brokenLinks(read.siteLinks, new Set(rendered.routes.keys()), moved.redirects),
    ],
    outDir,
    storeDir: store.dir,
    articles: read.articles.map((a) => a.summary),
    routes: laid.routes,
  };
}

/**
 * The files kept beside the articles, stored and added to the routes, then the old addresses, which never take a
 * route or a file; throws the problems of either.
 */
async function filesAndOldAddresses(
  ctx: BuildContext,
  read: ReadResult,
  rendered: SiteRender,
  permalinks: { patterns: readonly string[]; contentPrefix: string },
): Promise<{ files: SiteFiles; moved: ReturnType<typeof oldAddresses> }> {
  const { root, store } = ctx;
  const files = await storeSiteFiles({
    root,
    contentPrefix: permalinks.contentPrefix,
    files: read.attachments,
    bundles: bundlesOf(read.articles, read.withheld, permalinks.contentPrefix),
    rendered: new Set(rendered.routes.keys()),
    store,
    cacheDir: ctx.cacheDir,
  });
  if (files.problems.length > 0) throw new ContentError(files.problems);
  for (const [path, { route, rendered: stored }] of files.routes)
    rendered.routes.set(path, { route, rendered: stored });
  const moved = oldAddresses(read.articles, new Set(rendered.routes.keys()), permalinks);
  if (moved.problems.length > 0) throw new ContentError(moved.problems);
  return { files, moved };
}

/**
 * Writes dist/ for the version laid out: to a sibling temporary folder first, which then replaces `outDir` by rename,
 * so a failed write leaves the previous dist/ untouched. Times the write into `summary`.
 */
async function writeDist(
  outDir: string,
  store: ValueStore,
  laid: LaidOut,
  summary: BuildSummary,
  report: string,
  reports: FileReport[],
): Promise<void> {
  const t3 = performance.now();
  await mkdir(dirname(outDir), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  try {
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, DIST_FILES.version), `${laid.headText}\n`);
    await writeFile(
      join(tmp, DIST_FILES.bundledHead),
      `// The content version this Worker serves, written by the build (src/build/build.ts).\nexport default ${JSON.stringify(laid.headText)};\n`,
    );
    await writeFile(join(tmp, DIST_FILES.routes), JSON.stringify(laid.routes));
    await writeFile(join(tmp, DIST_FILES.scopes), JSON.stringify(laid.scopes));
    await writeFile(
      join(tmp, DIST_FILES.values),
      `${[...laid.values]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([hash, size]) => `${hash} ${size}`)
        .join("\n")}\n`,
    );
    await writeFile(join(tmp, DIST_FILES.report), report);
    await writeFile(join(tmp, DIST_FILES.reportJson), `${JSON.stringify(reports, null, 2)}\n`);
    await writeChunks(store, laid.values, join(tmp, DIST_FILES.kv), join(outDir, DIST_FILES.kv));
    summary.stages.write = performance.now() - t3;
    await writeFile(join(tmp, DIST_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    const hadOld = await rename(outDir, old).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return false;
        throw e;
      },
    );
    await rename(tmp, outDir);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** A value over KV's limit, as a problem of the file that made it: an article's page or a file is its own file's. */
function oversizeProblems(
  ctx: BuildContext,
  oversize: readonly { path: string; size: number }[],
  articles: readonly ArticleInfo[],
  files: SiteFiles,
): Problem[] {
  return oversize.map(({ path, size }) => ({
    // Anything else (a feed, a digest) is the content's as a whole.
    file:
      articles.find((a) => paths.article(a.summary.slug) === path)?.file ??
      files.routes.get(path)?.file ??
      posixRelative(ctx.root, ctx.contentDir),
    line: 1,
    field: "size",
    message: `${path} would be ${size} bytes, over Workers KV's limit of 25 MiB per value`,
  }));
}

/** What the build made, in numbers: dist/summary.json and the line the build prints. */
function summaryOf(
  ctx: BuildContext,
  read: ReadResult,
  rendered: SiteRender,
  laid: LaidOut,
  memo: UnitMemo,
  stages: BuildSummary["stages"],
): BuildSummary {
  let bytes = 0;
  for (const size of laid.values.values()) bytes += size;
  const publishedAt = new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    version: laid.head.version,
    publishedAt,
    articles: read.articles.length,
    drafts: read.articles.filter((a) => a.summary.draft).length,
    topics: rendered.topics.length,
    authors: rendered.authors.length,
    weeks: rendered.weeks.length,
    routes: Object.keys(laid.routes).length,
    values: laid.values.size,
    bytes,
    largestValue: laid.largest,
    shards: laid.shards,
    largestShard: laid.largestShard,
    filesRead: read.read,
    rendered: memo.misses,
    memoHits: memo.hits,
    written: ctx.store.written,
    writtenBytes: ctx.store.writtenBytes,
    stages,
  };
}
