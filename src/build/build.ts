// The build: site.yaml and content/ in, the KV bundle out in dist/, replaced whole or not at all.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { readArticles } from "./articles.js";
import { type Bundle, buildBundle } from "./bundle.js";
import { ContentError } from "./problems.js";
import { formatCleaningReport } from "./report.js";
import { readSiteConfig } from "./site-config.js";

export interface BuildOptions {
  /** Project root: file names in messages are relative to it. */
  root: string;
  contentDir?: string;
  siteFile?: string;
  outDir?: string;
  /** The build's clock (epoch ms): the publication time of the version, and what counts as future. */
  now?: number;
}

export interface BuildResult {
  bundle: Bundle;
  report: string;
  /** What was left out without failing the build (articles dated in the future), as FILE:LINE: field: message. */
  warnings: string[];
  outDir: string;
}

/** A hash of every file under src/render and src/shared (the code that renders in the Worker as well as here). */
export async function renderCodeHash(src: string): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of ["render", "shared"]) {
    const files = (await readdir(join(src, dir), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const f of files)
      hash
        .update(relative(src, f))
        .update("\0")
        .update(await readFile(f))
        .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** The files dist/ holds; README "The KV bundle" documents them. */
export const DIST_FILES = {
  kv: "kv.json",
  version: "version.txt",
  index: "index.json",
  report: "cleaning-report.txt",
} as const;

/**
 * Builds the bundle and writes it to `outDir`. All files are written to a sibling temporary folder first, which then
 * replaces `outDir` by rename: a failed build (bad content, a crash mid-write) leaves the previous dist/ untouched.
 * Throws ContentError listing every problem in every file.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = options.root;
  const now = options.now ?? Date.now();
  const contentDir = options.contentDir ?? join(root, "content");
  const outDir = options.outDir ?? join(root, "dist");
  const site = await readSiteConfig(root, options.siteFile ?? join(root, "site.yaml"));
  const { articles, reports, problems, warnings } = await readArticles(site, root, contentDir, now);
  if (problems.length > 0) throw new ContentError(problems);
  if (articles.length === 0) {
    throw new ContentError([
      { file: contentDir.replace(`${root}/`, ""), line: 1, field: "content", message: "holds no articles" },
    ]);
  }
  const bundle = buildBundle(
    site,
    articles,
    new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    await renderCodeHash(resolve(import.meta.dirname, "..")),
  );
  const report = formatCleaningReport(reports);

  await mkdir(dirname(outDir), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  try {
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, DIST_FILES.kv), `${JSON.stringify(bundle.entries)}\n`);
    await writeFile(join(tmp, DIST_FILES.version), `${bundle.version}\n`);
    await writeFile(join(tmp, DIST_FILES.index), `${JSON.stringify(bundle.index, null, 2)}\n`);
    await writeFile(join(tmp, DIST_FILES.report), report);
    await writeFile(join(tmp, "cleaning-report.json"), `${JSON.stringify(reports, null, 2)}\n`);
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
  return { bundle, report, warnings, outDir };
}
