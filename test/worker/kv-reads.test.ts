// KV reads per request, counted through a wrapped binding: at most one on a warm isolate.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/worker/index.js";
import { forgetMemo } from "../../src/worker/kv.js";

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

  it("a feed with a non-default limit reads the article records once", async () => {
    await readsFor("/");
    expect(await readsFor("/feed.atom?limit=2")).toBe(1);
    expect(await readsFor("/topics/syria/feed.rss?limit=3")).toBe(0);
  });
});
