// The build's value store on disk: every value of the version, under the hash that names it in KV, kept between builds.
//
// Values are appended to pack files and found through an index (hash → pack, offset, length): a cold build of
// 10,000 articles stores tens of thousands of values, and one file each cost more in file creation than the build's
// rendering. A build appends what it added to the index when it ends, so a crash mid-build leaves an index that names
// only bytes already written.
import { closeSync, existsSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { contentHashSync } from "./hash.js";

/** A value's hash and size, as the store reports a put. */
export type Ref = [hash: string, size: number];

/** Where a value is: its pack, offset and length. */
export type Location = [pack: string, offset: number, length: number];

const encoder = new TextEncoder();
const INDEX = "index.txt";
/** Bytes gathered before they are written to the pack: a few large writes instead of many small ones. */
const BUFFER_BYTES = 4 * 1024 * 1024;

let packCounter = 0;

export class ValueStore {
  private readonly index = new Map<string, Location>();
  /** Values put by this process, found before they are flushed. */
  private readonly added = new Map<string, Location>();
  private pack: { name: string; fd: number; size: number; buffered: Uint8Array[]; bufferedBytes: number } | undefined;
  /** Values this process added, and their bytes. */
  written = 0;
  writtenBytes = 0;

  private constructor(readonly dir: string) {}

  /** The store in `dir`, with the index the last build left. */
  static async open(dir: string): Promise<ValueStore> {
    const store = new ValueStore(dir);
    mkdirSync(dir, { recursive: true });
    const text = await readFile(join(dir, INDEX), "utf8").catch(() => "");
    // A pack named by the index but gone from disk (deleted by hand) drops its values; asked once per pack.
    const packs = new Map<string, boolean>();
    for (const line of text.split("\n")) {
      const [hash, pack, offset, length] = line.split(" ");
      if (!hash || !pack) continue;
      let present = packs.get(pack);
      if (present === undefined) {
        present = existsSync(join(dir, pack));
        packs.set(pack, present);
      }
      if (present) store.index.set(hash, [pack, Number(offset), Number(length)]);
    }
    return store;
  }

  /**
   * A store in `dir` for a worker thread: it adds values to a pack of its own and reports them (`takeAdditions`) to the
   * build's store, which writes the index.
   */
  static forWorker(dir: string): ValueStore {
    return new ValueStore(dir);
  }

  has(hash: string): boolean {
    return this.index.has(hash) || this.added.has(hash);
  }

  /** Stores a value (text as UTF-8) and returns its hash and byte size; a value already stored is not written again. */
  put(value: string | Uint8Array): Ref {
    const bytes = typeof value === "string" ? encoder.encode(value) : value;
    const hash = contentHashSync(bytes);
    if (!this.has(hash)) {
      if (!this.pack) {
        const name = `pack-${Date.now().toString(36)}-${process.pid}-${(packCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}.dat`;
        this.pack = { name, fd: openSync(join(this.dir, name), "a"), size: 0, buffered: [], bufferedBytes: 0 };
      }
      const p = this.pack;
      const loc: Location = [p.name, p.size, bytes.byteLength];
      this.added.set(hash, loc);
      this.fresh.push([hash, loc]);
      p.buffered.push(bytes);
      p.bufferedBytes += bytes.byteLength;
      p.size += bytes.byteLength;
      this.written++;
      this.writtenBytes += bytes.byteLength;
      if (p.bufferedBytes >= BUFFER_BYTES) this.writeBuffered();
    }
    return [hash, bytes.byteLength];
  }

  /**
   * Stores a document the Worker serves as it is, gzip-compressed: what KV holds and what goes over the wire with
   * Content-Encoding: gzip. Synchronous: a document takes tens of microseconds to compress, less than a hop to
   * libuv's thread pool and back; the build spreads documents over worker threads instead.
   */
  putCompressed(text: string): Ref {
    return this.put(new Uint8Array(gzipSync(encoder.encode(text), { level: 1 })));
  }

  private writeBuffered(): void {
    const p = this.pack;
    if (!p || p.bufferedBytes === 0) return;
    for (const b of p.buffered) writeSync(p.fd, b);
    p.buffered = [];
    p.bufferedBytes = 0;
  }

  /** Writes what is buffered; the values put so far are on disk after it. */
  flush(): void {
    this.writeBuffered();
  }

  private fresh: [string, Location][] = [];

  /** The values added since the last call, with where they are, flushed to disk: what a worker thread reports back. */
  takeAdditions(): [string, Location][] {
    this.flush();
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }

  /** Takes in values a worker thread stored. */
  adopt(additions: Iterable<[string, Location]>): void {
    for (const [hash, loc] of additions) {
      if (this.has(hash)) continue;
      this.added.set(hash, loc);
      this.written++;
      this.writtenBytes += loc[2];
    }
  }

  /** A stored value's size in bytes. */
  sizeOf(hash: string): number {
    return this.locate(hash)[2];
  }

  private locate(hash: string): Location {
    const loc = this.added.get(hash) ?? this.index.get(hash);
    if (!loc) throw new Error(`the value store has no ${hash}`);
    return loc;
  }

  /** A stored value's bytes. */
  get(hash: string): Uint8Array {
    if (this.pack) this.writeBuffered();
    const [pack, offset, length] = this.locate(hash);
    const fd = openSync(join(this.dir, pack), "r");
    try {
      const out = new Uint8Array(length);
      readSync(fd, out, 0, length, offset);
      return out;
    } finally {
      closeSync(fd);
    }
  }

  getText(hash: string): string {
    return Buffer.from(this.get(hash)).toString("utf8");
  }

  /**
   * Ends the build: writes what is buffered, then appends the new values to the index in one write. Nothing is ever
   * removed here: builds into other dist/ folders (the tests', a preview's) may share this store and need their values.
   * The store is a cache: deleting .cache/dispatch costs one full build, nothing more.
   */
  async commit(): Promise<void> {
    this.flush();
    if (this.pack) closeSync(this.pack.fd);
    this.pack = undefined;
    const lines = [...this.added].map(([hash, [pack, offset, length]]) => `${hash} ${pack} ${offset} ${length}\n`);
    if (lines.length > 0) await appendFile(join(this.dir, INDEX), lines.join(""));
    for (const [hash, loc] of this.added) this.index.set(hash, loc);
    this.added.clear();
  }
}
