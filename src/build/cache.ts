// The build cache (README, "Build cache"): what a build derived and rendered, so the next one redoes only what changed.
//
// Two kinds of entry, both keyed by a hash of everything they depend on, so a stale entry is never found:
// - articles/: each content file's result (its article record and the refs of its page and feed entry in the value
//   store), keyed by its bytes, its path, the site configuration and the code version, in 16 files by the key's first
//   hex digit (articles.ts), with a stamp index that finds a file's key without reading it.
// - units.json: for every other rendered route (feeds, archives, pages, digests), the hash of its inputs and the ref
//   of the bytes they gave.
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { contentHashSync } from "./hash.js";
import type { Ref } from "./value-store.js";

/** The cache folder of a project: `.cache/dispatch`, beside content/, ignored by git. */
export const cacheDirOf = (root: string) => join(root, ".cache", "dispatch");

/** The folders of src/ whose code shapes what a build writes; the Worker, publishing and the dev server do not. */
const BUILD_CODE = ["content", "build", "render", "shared"] as const;

/**
 * A hash of the code and dependencies that shape the build's output: every file under the BUILD_CODE folders of src/
 * and the lockfile (the versions of marked, sanitize-html, hono and feed). Any change to them makes every cache entry
 * miss; a change to the Worker or to publishing does not.
 */
export async function codeVersion(root: string): Promise<string> {
  const files: string[] = [];
  for (const folder of BUILD_CODE) {
    const entries = await readdir(join(root, "src", folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile()) files.push(join(e.parentPath, e.name));
  }
  files.sort();
  const parts: string[] = [];
  for (const f of [...files, join(root, "package-lock.json")]) {
    parts.push(relative(root, f), await readFile(f, "utf8").catch(() => ""));
  }
  return contentHashSync(parts.join("\0"));
}

/** Writes a file whole or not at all: to a temporary name, then renamed over the old one. */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Rendered routes by the hash of their inputs (see the module header). */
export class UnitMemo {
  private readonly used = new Map<string, Ref>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly file: string,
    private readonly previous: Map<string, Ref>,
    /** The code version, part of every key: new code renders everything again. */
    private readonly code: string,
    /** Whether the value store still holds a value: a remembered render whose bytes are gone is made again. */
    private readonly has: (hash: string) => boolean,
  ) {}

  static async open(dir: string, code: string, has: (hash: string) => boolean): Promise<UnitMemo> {
    const file = join(dir, "units.json");
    const previous = new Map<string, Ref>(
      Object.entries(JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as Record<string, Ref>),
    );
    return new UnitMemo(file, previous, code, has);
  }

  /**
   * The ref of the stored bytes for `inputs` (everything a render depends on, serialised): from the memo when the same
   * inputs were rendered before and the bytes are still stored, else what `make` renders and stores now.
   */
  async get(inputs: string, make: () => Ref | Promise<Ref>): Promise<Ref> {
    const key = contentHashSync(`${this.code}\0${inputs}`);
    const hit = this.used.get(key) ?? this.previous.get(key);
    if (hit && this.has(hit[0])) {
      this.hits++;
      this.used.set(key, hit);
      return hit;
    }
    this.misses++;
    const ref = await make();
    this.used.set(key, ref);
    return ref;
  }

  /** Keeps what this build used, so the memo holds one build's worth and no more. */
  async save(): Promise<void> {
    await writeAtomically(this.file, JSON.stringify(Object.fromEntries(this.used)));
  }
}
