// Reads content/: every file checked and turned into an article (from the cache when its bytes have not changed),
// then the checks across files: duplicate slugs, articles sharing an instant, articles dated in the future.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FileReport } from "../content/article.js";
import type { Problem } from "../content/problems.js";
import type { ArticleSummary } from "../shared/article.js";
import { addTo } from "../shared/group.js";
import type { SiteConfig } from "../shared/site.js";
import { type FileResult, processFile } from "./article-job.js";
import { writeAtomically } from "./cache.js";
import { contentHashSync } from "./hash.js";
import type { SiteLink } from "./link-check.js";
import type { Workers } from "./pool.js";
import type { Progress } from "./progress.js";
import { contentPrefixOf, posixRelative } from "./project-paths.js";
import type { Ref, ValueStore } from "./value-store.js";

/** Above this many files to read, the build reads them on worker threads; below, starting the threads costs more. */
const POOL_THRESHOLD = 400;

/** An article to publish: its summary and where its page and feed entry are stored. */
export interface ArticleInfo {
  /** The content file, relative to the project. */
  file: string;
  summary: ArticleSummary;
  /** A hash of the summary, for memo keys. */
  summaryHash: string;
  page: Ref;
  entry: Ref;
}

export interface ReadResult {
  /** The articles to publish, newest first: every file read, less those dated after `now` (and drafts, unless asked). */
  articles: ArticleInfo[];
  reports: FileReport[];
  problems: Problem[];
  /** Problems that do not stop the build: future dates, shared instants, dates before 1990. */
  warnings: Problem[];
  /** Files read afresh (the rest came from the cache). */
  read: number;
  /** The files kept beside the articles (pictures, documents), relative to the project: served as they are. */
  attachments: string[];
  /** The site paths the published articles' bodies link to, to check once the build knows what it serves. */
  siteLinks: SiteLink[];
  /** Articles not published by this build (drafts, future dates), relative to the project: their files wait too. */
  withheld: string[];
}

export interface ReadOptions {
  site: SiteConfig;
  root: string;
  dir: string;
  /** The build's clock (epoch ms): what counts as the future. */
  now: number;
  store: ValueStore;
  cacheDir: string;
  /** The code version: part of every cache key. */
  code: string;
  /** Publish drafts too (`npm start`). */
  drafts?: boolean;
  progress?: Progress;
  workers: Workers;
}

/**
 * Every file under `dir` but hidden ones: a name or folder starting with "." (`.git/`, `.obsidian/`, `.DS_Store`) is
 * a tool's, never content, and must not be published as a file. `.well-known/` is the exception: it is served.
 */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) =>
      posixRelative(dir, path)
        .split("/")
        .every((part) => !part.startsWith(".") || part === ".well-known"),
    )
    .sort();
}

/** The per-file cache, in 16 files by the first hex digit of the key, so a rebuild rewrites only those it changed. */
class FileCache {
  private readonly parts = new Map<string, Promise<Map<string, FileResult>>>();
  private readonly used = new Set<string>();
  private readonly dirty = new Set<string>();

  constructor(private readonly dir: string) {}

  private file(part: string) {
    return join(this.dir, "articles", `${part}.json`);
  }

  private part(key: string): Promise<Map<string, FileResult>> {
    const part = key.charAt(0);
    let map = this.parts.get(part);
    if (!map) {
      // Loaded once, however many files ask for it at the same moment.
      map = readFile(this.file(part), "utf8")
        .catch(() => "{}")
        .then((text) => new Map(Object.entries(JSON.parse(text) as Record<string, FileResult>)));
      this.parts.set(part, map);
    }
    return map;
  }

  async get(key: string): Promise<FileResult | undefined> {
    this.used.add(key);
    return (await this.part(key)).get(key);
  }

  async set(key: string, result: FileResult): Promise<void> {
    this.used.add(key);
    (await this.part(key)).set(key, result);
    this.dirty.add(key.charAt(0));
  }

  /** Writes the parts that gained entries or hold entries no file needs any more (those are dropped). */
  async save(): Promise<void> {
    for (const [part, loading] of this.parts) {
      const map = await loading;
      for (const key of map.keys()) {
        if (!this.used.has(key)) {
          map.delete(key);
          this.dirty.add(part);
        }
      }
      if (this.dirty.has(part)) await writeAtomically(this.file(part), JSON.stringify(Object.fromEntries(map)));
    }
  }
}

const hexKey = (hash: string) => Buffer.from(hash, "base64url").toString("hex");

/** What identifies a file's bytes without reading them: size, modification time in ns, inode. */
type Stamp = string;
const stampOf = (s: { size: number; mtimeNs: bigint; ino: bigint }): Stamp => `${s.size}:${s.mtimeNs}:${s.ino}`;

/**
 * Each file's cache key by its stamp, as git's index does: a rebuild finds an unchanged file's key from one stat,
 * without reading and hashing its bytes (half a second for 10,000 files). The key itself is still the hash of the
 * bytes. A file modified within a second of when the index was written is read anyway, since a second edit in the
 * same clock tick could keep its stamp ("racily clean" in git's terms). Kept for one code and site configuration.
 */
class StampIndex {
  private readonly next: Record<string, [Stamp, string]> = {};

  private constructor(
    private readonly file: string,
    private readonly scope: string,
    private readonly known: Record<string, [Stamp, string]>,
    private readonly writtenAt: number,
  ) {}

  static async open(dir: string, scope: string): Promise<StampIndex> {
    const file = join(dir, "articles", "stamps.json");
    const saved = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as {
      scope?: string;
      writtenAt?: number;
      files?: Record<string, [Stamp, string]>;
    };
    const valid = saved.scope === scope && saved.files && saved.writtenAt;
    return new StampIndex(file, scope, valid ? (saved.files ?? {}) : {}, valid ? (saved.writtenAt ?? 0) : 0);
  }

  /** The cache key of `file` if its stamp is the one recorded, and old enough to trust. */
  keyOf(file: string, s: { size: number; mtimeNs: bigint; ino: bigint; mtimeMs: number }): string | undefined {
    const known = this.known[file];
    if (!known || known[0] !== stampOf(s) || s.mtimeMs >= this.writtenAt - 1000) return undefined;
    return known[1];
  }

  record(file: string, s: { size: number; mtimeNs: bigint; ino: bigint }, key: string): void {
    this.next[file] = [stampOf(s), key];
  }

  async save(): Promise<void> {
    await writeAtomically(this.file, JSON.stringify({ scope: this.scope, writtenAt: Date.now(), files: this.next }));
  }
}

/** A file the cache could not answer for: its place in the results, its bytes, and the key its result is cached under. */
interface Miss {
  i: number;
  file: string;
  bytes: Uint8Array;
  key: string;
}

/**
 * Reads the files the cache could not answer for. They are held until there are enough of them to be worth the worker
 * threads; after that they go to the workers a few dozen to a message (one message a file cost more than reading some
 * of them), and reading waits while many messages are out. So a cold build holds a few hundred bodies at a time, never
 * all of them. Few files are read here: starting the worker threads would cost more.
 */
class MissReader {
  /** Files a message. */
  private static readonly CHUNK = 32;
  /** Messages out at once, at most. */
  private static readonly IN_FLIGHT = 16;
  private held: Miss[] = [];
  count = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sent: Promise<void>[] = [];

  constructor(
    private readonly options: ReadOptions,
    /** Called with each file's result once it is read. */
    private readonly onRead: (m: Miss, result: FileResult) => Promise<void>,
  ) {}

  async add(m: Miss): Promise<void> {
    this.count++;
    this.held.push(m);
    if (this.count <= POOL_THRESHOLD) return;
    while (this.held.length >= MissReader.CHUNK) await this.send(this.held.splice(0, MissReader.CHUNK));
  }

  /** Reads what is held, and waits for every file sent. */
  async finish(): Promise<void> {
    const held = this.held;
    this.held = [];
    if (this.count > POOL_THRESHOLD) {
      if (held.length > 0) await this.send(held);
      await Promise.all(this.sent);
      return;
    }
    const { site, store, root, dir } = this.options;
    const ctx = { site, store, contentPrefix: contentPrefixOf(root, dir) };
    for (const m of held) await this.onRead(m, await processFile(ctx, m.file, m.bytes));
  }

  private async send(chunk: Miss[]): Promise<void> {
    const reading = this.options.workers
      .get()
      .readFiles(chunk)
      .then(async (results) => {
        for (const [j, r] of results.entries()) await this.onRead(chunk[j] as Miss, r);
      });
    this.sent.push(reading);
    this.inFlight.add(reading);
    // Settled either way: a failure is seen by finish's Promise.all.
    void reading.then(
      () => this.inFlight.delete(reading),
      () => this.inFlight.delete(reading),
    );
    while (this.inFlight.size >= MissReader.IN_FLIGHT)
      await Promise.race([...this.inFlight].map((p) => p.catch(() => {})));
  }
}

/**
 * A file's cached result when its stamp (size, time, inode) or its bytes were seen by an earlier build and the
 * values it names are still stored; else what reading it needs.
 */
async function cachedOrMiss(
  path: string,
  i: number,
  ctx: { root: string; prefix: string; store: ValueStore; cache: FileCache; stamps: StampIndex },
): Promise<FileResult | Miss> {
  const file = posixRelative(ctx.root, path);
  // A cached result whose page or entry has left the value store is read again.
  const usable = (hit: FileResult | undefined): hit is FileResult =>
    !!hit && [hit.page, hit.entry].every((ref) => !ref || ctx.store.has(ref[0]));
  const stamp = await stat(path, { bigint: true });
  const stamped = { size: Number(stamp.size), mtimeNs: stamp.mtimeNs, ino: stamp.ino, mtimeMs: Number(stamp.mtimeMs) };
  const known = ctx.stamps.keyOf(file, stamped);
  const knownHit = known === undefined ? undefined : await ctx.cache.get(known);
  if (known !== undefined && usable(knownHit)) {
    ctx.stamps.record(file, stamped, known);
    return knownHit;
  }
  const bytes = await readFile(path);
  const key = hexKey(contentHashSync(Buffer.concat([Buffer.from(`${ctx.prefix}${file}\0`), bytes])));
  ctx.stamps.record(file, stamped, key);
  const hit = await ctx.cache.get(key);
  return usable(hit) ? hit : { i, file, bytes, key };
}

/** Every file's result, from the cache or read now (on worker threads when there are many). */
async function readAll(options: ReadOptions): Promise<{ results: FileResult[]; read: number }> {
  const { site, root, dir, store, cacheDir, code, progress } = options;
  const paths = await listFiles(dir);
  const cache = new FileCache(cacheDir);
  const siteKey = JSON.stringify(site);
  const stamps = await StampIndex.open(cacheDir, contentHashSync(`${code}\0${siteKey}`));
  const results: FileResult[] = new Array(paths.length);
  progress?.stage("reading", paths.length);
  const reader = new MissReader(options, async (m, result) => {
    results[m.i] = result;
    await cache.set(m.key, result);
    progress?.tick();
  });
  const ctx = { root, prefix: `${code}\0${siteKey}\0`, store, cache, stamps };
  // Files are stat'ed and read a few hundred at a time: enough to keep the disk busy.
  const BATCH = 256;
  for (let start = 0; start < paths.length; start += BATCH) {
    const batch = paths.slice(start, start + BATCH);
    const found = await Promise.all(batch.map((path, j) => cachedOrMiss(path, start + j, ctx)));
    for (const [j, r] of found.entries()) {
      if ("bytes" in r) await reader.add(r);
      else {
        results[start + j] = r;
        progress?.tick();
      }
    }
  }
  await reader.finish();
  await cache.save();
  await stamps.save();
  return { results, read: reader.count };
}

/** When several files share what must be each one's own: a problem at each, naming the others. */
function sharedBy(users: { file: string; line: number }[], field: string, say: (others: string) => string): Problem[] {
  if (users.length < 2) return [];
  return users.map((u) => ({
    file: u.file,
    line: u.line,
    field,
    message: say(
      users
        .filter((o) => o !== u)
        .map((o) => o.file)
        .join(", "),
    ),
  }));
}

/** Problems and warnings in file, then line order. */
const byFileAndLine = (x: Problem, y: Problem) => (x.file === y.file ? x.line - y.line : x.file < y.file ? -1 : 1);

/**
 * One warning for the whole build about the front-matter fields set aside (`layout (327 files), permalink (12 files)`):
 * an archive from another generator carries them in every file, and a line per file would bury everything else.
 */
function ignoredFieldsWarning(content: string, ignored: Map<string, number>): Problem {
  const counts = [...ignored].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    file: content,
    line: 1,
    field: "front matter",
    message: `set aside, as only another generator's templates use them: ${counts.map(([f, n]) => `${f} (${n.toLocaleString("en")} file${n === 1 ? "" : "s"})`).join(", ")}`,
  };
}

/**
 * Reads every article under `dir`, newest first, leaving out (with a warning) those dated after `now`. A slug used by
 * several files is a problem of each of them. Ids need no check of their own: an id ends with the slug.
 */
export async function readArticles(options: ReadOptions): Promise<ReadResult> {
  const { results, read } = await readAll(options);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const articles: ArticleInfo[] = [];
  const reports: FileReport[] = [];
  const bySlug = new Map<string, { file: string; line: number }[]>();
  const sameInstant = new Map<number, { file: string; line: number }[]>();
  const ignored = new Map<string, number>();
  const leftOut = { listing: [] as string[], attachment: [] as string[], redirect: [] as string[] };
  const siteLinks: SiteLink[] = [];
  const withheld: string[] = [];
  for (const r of results) {
    problems.push(...r.problems);
    warnings.push(...r.warnings);
    for (const field of r.ignored ?? []) ignored.set(field, (ignored.get(field) ?? 0) + 1);
    if (r.leftOut) leftOut[r.leftOut].push(r.file);
    if (r.report) reports.push(r.report);
    if (r.slug) addTo(bySlug, r.slug.slug, { file: r.file, line: r.slug.line });
    const future = r.published !== undefined && r.published > options.now;
    if (future && r.summary)
      warnings.push({
        file: r.file,
        line: r.dateLine ?? 1,
        field: "date",
        message: `is in the future (${r.summary.date}); not published until a build on or after that day`,
      });
    if (r.summary && (future || (r.draft && !options.drafts))) withheld.push(r.file);
    if (!r.summary || !r.summaryHash || !r.page || !r.entry || future || (r.draft && !options.drafts)) continue;
    articles.push({ file: r.file, summary: r.summary, summaryHash: r.summaryHash, page: r.page, entry: r.entry });
    for (const link of r.siteLinks ?? []) siteLinks.push({ file: r.file, ...link });
    const stamp = Date.parse(r.summary.updated);
    addTo(sameInstant, stamp, { file: r.file, line: r.dateLine ?? 1 });
  }
  // Readers order entries, and the W3C validator flags duplicates, by atom:updated; a date alone gives midnight.
  for (const [stamp, users] of sameInstant)
    warnings.push(
      ...sharedBy(
        users,
        "date",
        (others) =>
          `has the same date and time (${new Date(stamp).toISOString()}) as ${others}; give each a time, such as 2018-07-16T09:30:00-04:00, so readers can order them`,
      ),
    );
  for (const [slug, users] of bySlug)
    problems.push(...sharedBy(users, "slug", (others) => `'${slug}' is also used by ${others}`));
  problems.sort(byFileAndLine);
  warnings.sort(byFileAndLine);
  const content = contentPrefixOf(options.root, options.dir);
  if (ignored.size > 0) warnings.push(ignoredFieldsWarning(content, ignored));
  const some = (files: string[]) =>
    `${files.slice(0, 3).join(", ")}${files.length > 3 ? ` and ${(files.length - 3).toLocaleString("en")} more` : ""}`;
  if (leftOut.listing.length > 0)
    warnings.push({
      file: content,
      line: 1,
      field: "file",
      message: `left out as listing and site pages, not articles (_index, README, an index or a layout: page with no date): ${some(leftOut.listing)}`,
    });
  if (leftOut.redirect.length > 0)
    warnings.push({
      file: content,
      line: 1,
      field: "file",
      message: `left out as redirect pages (redirect or redirect_to, no date); to keep such an address, list it in the aliases of the article it leads to (${some(leftOut.redirect)})`,
    });
  articles.sort(
    (x, y) =>
      Date.parse(y.summary.published) - Date.parse(x.summary.published) || x.summary.slug.localeCompare(y.summary.slug),
  );
  return { articles, reports, problems, warnings, read, attachments: leftOut.attachment, siteLinks, withheld };
}
