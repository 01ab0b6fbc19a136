// The files kept in content/ beside the articles (pictures, PDFs, code samples), served as they are, where the
// generator the archive came from served them: a `static/` or `public/` folder at the site's root path (Hugo,
// Next.js), a page bundle's files beside its article's page (Hugo), anything else at its path in the tree (Jekyll).
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { servedPathOf } from "../content/links.js";
import type { Problem } from "../content/problems.js";
import { parsePath, type Route } from "../shared/routes.js";
import type { ArticleInfo } from "./articles.js";
import { writeAtomically } from "./cache.js";
import type { Ref, ValueStore } from "./value-store.js";

/** Workers KV's limit per value (https://developers.cloudflare.com/kv/platform/limits/), less room for gzip's framing. */
const MAX_SITE_FILE_BYTES = 25 * 1024 * 1024 - 64 * 1024;

/** At content/'s root: a generator's configuration, lock files and build scripts, never the site's. */
const PROJECT_FILES = new Set(
  "Gemfile Gemfile.lock Rakefile package.json package-lock.json yarn.lock pnpm-lock.yaml tsconfig.json hugo.toml hugo.yaml hugo.json config.toml config.yaml config.yml config.json netlify.toml vercel.json eleventy.config.js eleventy.config.mjs eleventy.config.cjs astro.config.mjs astro.config.ts".split(
    " ",
  ),
);
/** At content/'s root: Hugo's templates, themes and data, and a JavaScript generator's sources. */
const PROJECT_FOLDERS = new Set(["themes", "layouts", "archetypes", "i18n", "src", "node_modules", "vendor"]);

/**
 * Whether `rel` (relative to content/) belongs to the old site's project rather than its output: a part starting with
 * "_" (Jekyll publishes none: _config.yml, _layouts/, _includes/, _data/), any node_modules, or the root's project
 * files and folders. A whole site copied into content/ keeps its configuration and templates to itself here too.
 */
function isProjectFile(rel: string): boolean {
  const parts = rel.split("/");
  if (parts.some((part) => part.startsWith("_") || part === "node_modules")) return true;
  const [first = ""] = parts;
  return parts.length === 1 ? PROJECT_FILES.has(first) : PROJECT_FOLDERS.has(first);
}

/** The folder (relative to content/, `/`-separated) of a page bundle's index file, or undefined for another file. */
const bundleDirOf = (file: string, contentPrefix: string) =>
  /^(.+)\/index\.(?:md|markdown|mdx)$/i.exec(file.slice(contentPrefix.length))?.[1];

/** Page bundles: folders (relative to content/) whose index file is an article, with their files beside it. */
export interface Bundles {
  /** A published article's folder → its slug: its files are served beside its page. */
  published: Map<string, string>;
  /** The folder of an article not published yet (a draft, a future date): its files wait with it. */
  withheld: Set<string>;
}

export function bundlesOf(
  articles: readonly ArticleInfo[],
  withheld: readonly string[],
  contentPrefix: string,
): Bundles {
  const bundles: Bundles = { published: new Map(), withheld: new Set() };
  for (const a of articles) {
    const dir = bundleDirOf(a.file, contentPrefix);
    if (dir) bundles.published.set(dir, a.summary.slug);
  }
  for (const file of withheld) {
    const dir = bundleDirOf(file, contentPrefix);
    if (dir && !bundles.published.has(dir)) bundles.withheld.add(dir);
  }
  return bundles;
}

/** Whether `rel` is in the folder of a page bundle that is not published yet. */
function inWithheldBundle(rel: string, withheld: ReadonlySet<string>): boolean {
  for (const dir of withheld) if (rel.startsWith(`${dir}/`)) return true;
  return false;
}

export interface SiteFiles {
  /** Served path → the file's route and its stored bytes (gzip, as every value is). */
  routes: Map<string, { route: Route; rendered: Ref; file: string }>;
  problems: Problem[];
  warnings: Problem[];
}

/**
 * Stores `files` (named from the project's root, each starting with `contentPrefix`) and says where each is served.
 * A file whose path is one Dispatch renders (`/robots.txt`, `/feed.atom`) is not served, with a warning: the site's
 * own document wins.
 */
export async function storeSiteFiles(options: {
  root: string;
  /** content/'s name in the project, with a trailing slash. */
  contentPrefix: string;
  files: readonly string[];
  bundles: Bundles;
  rendered: ReadonlySet<string>;
  store: ValueStore;
  /** Where the stored form of each file is remembered by its size and modification time, across builds. */
  cacheDir: string;
}): Promise<SiteFiles> {
  const { root, contentPrefix, files, bundles, rendered, store } = options;
  const out: SiteFiles = { routes: new Map(), problems: [], warnings: [] };
  // A rebuild reads and compresses only the files that changed: an archive's pictures run to tens of megabytes.
  const cacheFile = join(options.cacheDir, "site-files.json");
  // Unreadable (absent, or cut short by a crash) is empty: the files are read again.
  const cached = await readFile(cacheFile, "utf8")
    .then((text) => JSON.parse(text) as Record<string, [number, number, Ref]>)
    .catch(() => ({}));
  const known = new Map<string, [size: number, mtimeMs: number, ref: Ref]>(Object.entries(cached));
  // A file saved within two seconds of this build may change again within its modification time's tick: read it.
  const settled = Date.now() - 2000;
  const seen: Record<string, [number, number, Ref]> = {};
  const unserved: string[] = [];
  for (const file of files) {
    const abs = join(root, file);
    const rel = file.slice(contentPrefix.length);
    if (isProjectFile(rel)) {
      unserved.push(file);
      continue;
    }
    if (inWithheldBundle(rel, bundles.withheld)) continue;
    const path = servedPathOf(rel, bundles.published);
    // A route's address (served, or one a topic or article could take) is never a file's: the Worker does not look.
    if (rendered.has(path) || parsePath(path)) {
      out.warnings.push({
        file,
        line: 1,
        field: "file",
        message: `not served: ${path} is an address of Dispatch's own`,
      });
      continue;
    }
    const other = out.routes.get(path);
    if (other) {
      // static/a.png and a.png both want /a.png: the first (in path order) keeps it, and the other is named.
      out.warnings.push({ file, line: 1, field: "file", message: `not served: ${other.file} is served at ${path}` });
      continue;
    }
    const { size, mtimeMs } = await stat(abs);
    const hit = known.get(file);
    if (hit && hit[0] === size && hit[1] === mtimeMs && mtimeMs < settled && store.has(hit[2][0])) {
      seen[file] = hit;
      out.routes.set(path, { route: { kind: "file", path }, rendered: hit[2], file });
      continue;
    }
    const bytes = await readFile(abs);
    if (bytes.length > MAX_SITE_FILE_BYTES) {
      out.problems.push({
        file,
        line: 1,
        field: "file",
        message: `too large to serve: ${bytes.length} bytes, over Workers KV's 25 MiB a value; link to it where it is hosted instead`,
      });
      continue;
    }
    // Pictures and PDFs are compressed already; level 1 costs them little and keeps every value gzip, as the Worker
    // expects, while text files (SVG, code, CSV) shrink as documents do.
    const stored = store.put(new Uint8Array(gzipSync(bytes, { level: 1 })));
    seen[file] = [size, mtimeMs, stored];
    out.routes.set(path, { route: { kind: "file", path }, rendered: stored, file });
  }
  await writeAtomically(cacheFile, JSON.stringify(seen));
  if (unserved.length > 0)
    out.warnings.push({
      file: contentPrefix,
      line: 1,
      field: "file",
      message: `${unserved.length.toLocaleString("en")} file${unserved.length === 1 ? "" : "s"} of the old site's project (configuration, templates, dependencies) not served, as its generator served none (${unserved.slice(0, 3).join(", ")}${unserved.length > 3 ? ", …" : ""})`,
    });
  return out;
}
