// KV reads per request, counted through a wrapped binding: at most one on a warm isolate.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/worker/index.js";
import { forgetMemo } from "../../src/worker/kv.js";
import { builtIndex } from "./bundle.js";

let reads: string[] = [];
const countingKV = new Proxy(env.KV, {
  get(target, prop) {
    if (prop === "get") {
      return (key: string, options: unknown) => {
        reads.push(key);
        return target.get(key, options as KVNamespaceGetOptions<"text">);
      };
    }
    const value = Reflect.get(target, prop);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
const countedEnv = { ...env, KV: countingKV } as Env;

async function readsFor(path: string): Promise<number> {
  reads = [];
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://dispatch.test${path}`), countedEnv, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  expect(res.status, path).toBeLessThan(400);
  return reads.length;
}

describe("KV reads", () => {
  beforeEach(() => forgetMemo());

  it("a cold isolate reads the index once, then each route at most once", async () => {
    expect(await readsFor("/feed.atom")).toBe(2);
    expect(await readsFor("/feed.rss")).toBe(1);
    expect(await readsFor("/topics/syria/feed.json")).toBe(1);
    expect(await readsFor("/")).toBe(1);
    expect(await readsFor("/topics")).toBe(1);
  });

  it("a warm isolate answers a repeated route from memory", async () => {
    await readsFor("/feed.atom");
    expect(await readsFor("/feed.atom")).toBe(0);
  });

  it("every pre-rendered route costs at most one read on a warm isolate", async () => {
    await readsFor("/");
    const index = JSON.parse((await env.KV.get(`v/${env.CONTENT_VERSION}/index`)) ?? "{}") as {
      routes: Record<string, unknown>;
    };
    for (const path of Object.keys(index.routes)) expect(await readsFor(path), path).toBeLessThanOrEqual(1);
  });

  it("a feed with a non-default limit reads its scope's newest records once, then the Cache API or memory answers", async () => {
    await readsFor("/");
    expect(await readsFor("/feed.atom?limit=2")).toBe(1);
    expect(await readsFor("/feed.atom?limit=2")).toBe(0);
    expect(await readsFor("/feed.rss?limit=3")).toBe(0);
    // Syria holds every seed article, so its newest records are the same value as the site's, read already.
    expect(await readsFor("/topics/syria/feed.rss?limit=4")).toBe(0);
    expect(await readsFor("/topics/airstrikes/feed.rss?limit=2")).toBe(1);
  });

  it("digest routes cost at most one read on a warm isolate: the stored week, or none", async () => {
    await readsFor("/");
    expect(await readsFor("/digest/archive")).toBe(0);
    expect(await readsFor("/digest/feed.atom")).toBe(0);
    expect(await readsFor("/topics/syria/digest.json")).toBe(0);
    expect(await readsFor("/digest/2018-W29")).toBeLessThanOrEqual(1);
    expect(await readsFor("/digest/2018-W29.txt")).toBe(0);
    expect(await readsFor("/digest")).toBe(0);
  });

  it("without CONTENT_VERSION, the Worker serves the version named by the key 'current', read once a minute", async () => {
    await env.KV.put("current", env.CONTENT_VERSION);
    const unversioned = { ...countedEnv, CONTENT_VERSION: "" } as Env;
    const fetchWith = async (path: string) => {
      reads = [];
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`http://dispatch.test${path}`), unversioned, ctx);
      await waitOnExecutionContext(ctx);
      return { res, reads: [...reads] };
    };
    const first = await fetchWith("/feed.atom");
    expect(first.res.status).toBe(200);
    const index = await builtIndex();
    expect(first.reads).toEqual(["current", `v/${env.CONTENT_VERSION}/index`, `b/${index.routes["/feed.atom"]?.blob}`]);
    const second = await fetchWith("/feed.rss");
    expect(second.reads).toEqual([`b/${index.routes["/feed.rss"]?.blob}`]);
    await env.KV.delete("current");
    forgetMemo();
    expect((await fetchWith("/feed.atom")).res.status).toBe(503);
  });
});
