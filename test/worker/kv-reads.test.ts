// KV reads per request, counted through a wrapped binding: at most two on a cold isolate (a route's shard, then its
// bytes), one for a route whose shard the isolate has read, none for a repeat.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import routes from "../../dist/routes.json";
import {
  decodeHead,
  encodeHead,
  type RouteEntry,
  type Shard,
  shardHash,
  shardHashes,
  storedAt,
} from "../../src/shared/stored-version.js";
import worker from "../../src/worker/index.js";
import { builtRoute } from "./bundle.js";
import { wrapKv } from "./kv-wrapper.js";

/** A fresh isolate's view of KV: the Worker keeps what it reads per binding, so a new wrapper starts cold. */
function isolate(base: Partial<Env> = {}) {
  const reads: string[] = [];
  const KV = wrapKv(env.KV, {
    get: (key: string | string[], options: unknown) => {
      reads.push(Array.isArray(key) ? `[${key.length} keys]` : key);
      return env.KV.get(key as string, options as KVNamespaceGetOptions<"text">);
    },
  });
  const counted = { ...env, ...base, KV } as Env;
  return {
    reads,
    /** The KV calls one request makes, which must answer `status` (any success when absent). */
    async readsFor(path: string, status?: number): Promise<string[]> {
      const before = reads.length;
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`http://dispatch.test${path}`, { headers: { "Accept-Encoding": "gzip" } }),
        counted,
        ctx,
      );
      await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
      if (status === undefined) expect(res.status, path).toBeLessThan(400);
      else expect(res.status, path).toBe(status);
      return reads.slice(before);
    },
  };
}

/** `bytes` gzip-compressed, as the build stores every value a route serves. */
async function gzipped(bytes: Uint8Array): Promise<ArrayBuffer> {
  return new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}

const head = decodeHead(env.CONTENT_VERSION);
if (!head) throw new Error("CONTENT_VERSION is not a head");

describe("KV reads", () => {
  it("a cold isolate reads a route's shard, then its bytes: two reads", async () => {
    for (const path of [
      "/feed.atom",
      "/articles/american-russian-relations-in-syria",
      "/topics/syria/feed.rss",
      "/digest/2018-W29",
    ]) {
      const reads = await isolate().readsFor(path);
      expect(reads, path).toHaveLength(2);
      expect(reads[1], path).toBe(`b/${builtRoute(path)[0]}`);
    }
  });

  it("a warm isolate reads only the bytes of a route whose shard it has, and nothing for a repeat", async () => {
    const i = isolate();
    await i.readsFor("/feed.atom");
    expect(await i.readsFor("/feed.rss")).toEqual([`b/${builtRoute("/feed.rss")[0]}`]);
    expect(await i.readsFor("/")).toEqual([`b/${builtRoute("/")[0]}`]);
    expect(await i.readsFor("/feed.atom")).toEqual([]);
    expect(await i.readsFor("/")).toEqual([]);
  });

  it("every route costs a cold isolate one of the head's shards, then the bytes it serves now, and a repeat nothing", async () => {
    const shards = shardHashes(head).map((h) => `b/${h}`);
    for (const [path, entry] of Object.entries(routes as unknown as Record<string, RouteEntry>)) {
      const i = isolate();
      const [shard, bytes, ...more] = await i.readsFor(path);
      expect(shards, path).toContain(shard);
      expect([bytes, ...more], path).toEqual([`b/${storedAt(entry, Date.now())[0]}`]);
      expect(await i.readsFor(path), path).toEqual([]);
    }
  });

  it("a 404 reads two values on a cold isolate, even where the version keeps files beside the posts", async () => {
    // The seeds keep no file, so their head has no shard of the file group (x) and a file lookup would cost nothing:
    // this version adds one, holding a picture, as the build stores a file kept in content/.
    const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const stored = await gzipped(picture);
    const { site } = (await env.KV.get(`b/${head.s}`, "json")) as Shard;
    const fileShard: Shard = { site, routes: { "/images/picture.png": ["picture-bytes", 1_531_713_600, 8] } };
    await env.KV.put("b/picture-bytes", stored);
    await env.KV.put("b/picture-shard", JSON.stringify(fileShard));
    const withFiles = { CONTENT_VERSION: encodeHead({ ...head, x: ["picture-shard"] }) };
    // The picture is served: its shard, then its bytes.
    expect(await isolate(withFiles).readsFor("/images/picture.png", 200)).toEqual([
      "b/picture-shard",
      "b/picture-bytes",
    ]);
    // A missing article or topic: its own shard, then the site shard for the 404 page; no file is looked up at a
    // route's address.
    const articleShard = `b/${shardHash(head, "a", "no-such-article")}`;
    expect(await isolate(withFiles).readsFor("/articles/no-such-article", 404)).toEqual([articleShard, `b/${head.s}`]);
    expect(await isolate(withFiles).readsFor(`/topics/${"x".repeat(5000)}`, 404)).toHaveLength(2);
    // Any other path may be a file: the shard that would list it, then the site shard.
    expect(await isolate(withFiles).readsFor("/images/no-such-picture.png", 404)).toEqual([
      "b/picture-shard",
      `b/${head.s}`,
    ]);
  });

  it("a feed with a non-default limit reads its scope's shard and its entries in one bulk read, then nothing", async () => {
    const i = isolate();
    expect(await i.readsFor("/feed.atom?limit=2")).toEqual([`b/${head.s}`, "[2 keys]"]);
    expect(await i.readsFor("/feed.atom?limit=2")).toEqual([]);
    expect(await i.readsFor("/feed.rss?limit=3")).toEqual(["[3 keys]"]);
    expect(await i.readsFor("/digest/feed.json?limit=1")).toEqual(["[1 keys]"]);
  });

  it("an author's feed, rendered on request, costs its shard and one bulk read of its entries", async () => {
    const i = isolate();
    const reads = await i.readsFor("/authors/thomas-gibbons-neff/feed.atom");
    expect(reads).toHaveLength(2);
    expect(reads[1]).toBe("[2 keys]");
    expect(await i.readsFor("/authors/thomas-gibbons-neff/feed.atom")).toEqual([]);
  });

  it("without CONTENT_VERSION, the Worker serves the head it was bundled with, and reads no pointer for it", async () => {
    // wrangler.toml leaves CONTENT_VERSION empty: what a plain `wrangler deploy` uploads. The bundle carries
    // dist/head.js, the head of the build `npm test` made, which is what CONTENT_VERSION names in the other tests.
    const i = isolate({ CONTENT_VERSION: "" });
    expect(await i.readsFor("/feed.atom")).toEqual([`b/${head.s}`, `b/${builtRoute("/feed.atom")[0]}`]);
    expect(await i.readsFor("/feed.rss")).toEqual([`b/${builtRoute("/feed.rss")[0]}`]);
  });
});

describe("a Worker whose content is not in KV", () => {
  /** The namespace of an account nothing was published to: every key missing. */
  const empty = {
    get: async (key: string | string[]) => (Array.isArray(key) ? new Map() : null),
  } as unknown as KVNamespace;

  it("answers 503 saying nothing is published yet, and logs the cause once for the isolate", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(" "));
    try {
      for (const path of ["/", "/feed.atom", "/articles/american-russian-relations-in-syria", "/"]) {
        const ctx = createExecutionContext();
        const res = await worker.fetch(new Request(`http://dispatch.test${path}`), { ...env, KV: empty } as Env, ctx);
        await waitOnExecutionContext(ctx);
        expect(res.status, path).toBe(503);
        expect(await res.text(), path).toBe(
          "Nothing is published here yet: this site's content has not been uploaded.\n",
        );
        expect(res.headers.get("Cache-Control"), path).toBe("no-store");
      }
    } finally {
      console.error = original;
    }
    // One line for the isolate, naming what is missing and how to publish it; not one per request.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^Dispatch cannot serve: KV has no b/${head.s}, a shard of content version ${head.version}, in the namespace bound as KV: publish with \`npx wrangler deploy\``,
      ),
    );
  });
});
