// The files kept in content/ beside the articles (pictures, PDFs, code samples), served as they are, where the
// generator the archive came from served them: a `static/` or `public/` folder at the site's root path (Hugo,
// Next.js), a page bundle's files beside its article's page (Hugo), anything else at its path in the tree (Jekyll).
import { readFile, stat, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { servedPathOf } from "../content/links.js";
import type { Problem } from "../content/problems.js";
import type { Route } from "../shared/routes.js";
import type { ArticleInfo } from "./articles.js";
import type { Ref, ValueStore } from "./value-store.js";

/** Workers KV's limit per value (https://developers.cloudflare.com/kv/platform/limits/), less room for gzip's framing. */
const MAX_SITE_FILE_BYTES = 25 * 1024 * 1024 - 64 * 1024;

/** A page bundle's folder (relative to content/, `/`-separated) for each article that is one: `posts/my-post` → slug. */
export function bundlesOf(articles: readonly ArticleInfo[], contentPrefix: string): Map<string, string> {
  const bundles = new Map<string, string>();
  for (const a of articles) {
    const rel = a.file.slice(contentPrefix.length);
    const m = /^(.+)\/index\.(?:md|markdown|mdx)$/i.exec(rel);
    if (m?.[1]) bundles.set(m[1], a.summary.slug);
  }
  return bundles;
}

export interface SiteFiles {
  /** Served path → the file's route and its stored bytes (gzip, as every value is). */
  routes: Map<string, { route: Route; rendered: Ref; file: string }>;
  problems: Problem[];
  warnings: Problem[];
}

/**
 * Stores the files at `files` (absolute paths under `contentDir`) and says where each is served. A file whose path
 * is one Dispatch renders (`/robots.txt`, `/feed.atom`) is not served, with a warning: the site's own document wins.
 */
export async function storeSiteFiles(options: {
  root: string;
  contentDir: string;
  files: readonly string[];
  bundles: ReadonlyMap<string, string>;
  rendered: ReadonlySet<string>;
  store: ValueStore;
  /** Where the stored form of each file is remembered by its size and modification time, across builds. */
  cacheDir: string;
}): Promise<SiteFiles> {
  const { root, contentDir, files, bundles, rendered, store } = options;
  const out: SiteFiles = { routes: new Map(), problems: [], warnings: [] };
  // A rebuild reads and compresses only the files that changed: an archive's pictures run to tens of megabytes.
  const cacheFile = join(options.cacheDir, "site-files.json");
  const known = new Map<string, [size: number, mtimeMs: number, ref: Ref]>(
    Object.entries(
      JSON.parse(await readFile(cacheFile, "utf8").catch(() => "{}")) as Record<string, [number, number, Ref]>,
    ),
  );
  const seen: Record<string, [number, number, Ref]> = {};
  const unserved: string[] = [];
  for (const abs of files) {
    const file = relative(root, abs).split(sep).join("/");
    const rel = relative(contentDir, abs).split(sep).join("/");
    // Jekyll publishes nothing whose path has a part starting with "_" (_config.yml, _layouts/, _includes/, _data/):
    // a whole Jekyll site copied into content/ keeps its configuration and templates to itself here too.
    if (rel.split("/").some((part) => part.startsWith("_"))) {
      unserved.push(file);
      continue;
    }
    const path = servedPathOf(rel, bundles);
    if (rendered.has(path)) {
      out.warnings.push({ file, line: 1, field: "file", message: `not served: Dispatch serves ${path} itself` });
      continue;
    }
    const { size, mtimeMs } = await stat(abs);
    const hit = known.get(file);
    if (hit && hit[0] === size && hit[1] === mtimeMs && store.has(hit[2][0])) {
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
  await writeFile(cacheFile, JSON.stringify(seen));
  if (unserved.length > 0)
    out.warnings.push({
      file: `${relative(root, contentDir).split(sep).join("/")}/`,
      line: 1,
      field: "file",
      message: `${unserved.length.toLocaleString("en")} file${unserved.length === 1 ? "" : "s"} under a name starting with "_" not served, as Jekyll serves none (${unserved.slice(0, 3).join(", ")}${unserved.length > 3 ? ", …" : ""})`,
    });
  return out;
}
