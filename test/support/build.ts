// A tiny content folder built by the real build in a temporary project, for tests that need what the build renders
// (feeds, archives, OPML, pages) from articles they choose.
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { stringify } from "yaml";
import { build } from "../../src/build/build.js";
import { ContentError, formatProblem } from "../../src/content/problems.js";
import { mediaTypeOf, parsePath } from "../../src/shared/routes.js";
import type { SiteConfig } from "../../src/shared/site.js";
import { isSwitched } from "../../src/shared/stored-version.js";
import { type ArticleSpec, PROJECT_SITE, sourceOf } from "./articles.js";
import { loadBuilt } from "./dist.js";

export interface BuiltFile {
  path: string;
  contentType: string;
  body: string;
}

export interface BuiltSite {
  root: string;
  files: BuiltFile[];
  /** A route's text; throws if the build has no such route. */
  text(path: string): string;
}

/** A temporary project with `site` and the articles of `specs`. */
export async function projectWith(specs: ArticleSpec[], site: Partial<SiteConfig> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "dispatch-site-"));
  await mkdir(join(root, "content"));
  const { topics, ...rest } = { ...PROJECT_SITE, ...site };
  await writeFile(join(root, "site.yaml"), stringify({ ...rest, topics }));
  for (const spec of specs)
    await writeFile(join(root, "content", `${spec.date.slice(0, 10)}-${spec.slug}.md`), sourceOf(spec));
  return root;
}

/** Builds `specs` at `now` (the build's clock) and returns every route it serves then, decompressed. */
export async function buildSite(
  specs: ArticleSpec[],
  site: Partial<SiteConfig> = {},
  now = Date.parse("2026-11-21T12:00:00Z"),
): Promise<BuiltSite> {
  const root = await projectWith(specs, site);
  await build({ root, now });
  const built = await loadBuilt(root);
  const files = Object.entries(built.routes).map(([path, entry]) => {
    const route = parsePath(path);
    if (!route) throw new Error(`the build serves ${path}, which parsePath does not know`);
    const stored = isSwitched(entry) ? entry[2] : entry;
    return { path, contentType: mediaTypeOf(route), body: gunzipSync(built.value(stored[0])).toString("utf8") };
  });
  const text = (path: string) => {
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`no ${path} among ${files.map((x) => x.path).join(", ")}`);
    return f.body;
  };
  return { root, files, text };
}

/**
 * A temporary project with the repository's site.yaml (`moreSiteYaml` appended to it) and `files` in content/, by
 * their paths there.
 */
export async function contentProject(files: Record<string, string | Uint8Array>, moreSiteYaml = ""): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "dispatch-content-"));
  await cp(resolve(import.meta.dirname, "../../site.yaml"), join(root, "site.yaml"));
  if (moreSiteYaml) await writeFile(join(root, "site.yaml"), moreSiteYaml, { flag: "a" });
  await mkdir(join(root, "content"));
  for (const [name, body] of Object.entries(files)) {
    await mkdir(dirname(join(root, "content", name)), { recursive: true });
    await writeFile(join(root, "content", name), body);
  }
  return root;
}

/** Every problem a build of `root` reports, as printed; throws when the build succeeds. */
export async function buildProblems(root: string, now?: number): Promise<string[]> {
  try {
    await build({ root, ...(now === undefined ? {} : { now }) });
  } catch (e) {
    if (e instanceof ContentError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error("the build succeeded");
}
