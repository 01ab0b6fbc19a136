// Seeds the test KV namespace with the real build of content/ (dist/kv.json, written by `npm test`'s build step).
import { env } from "cloudflare:workers";
import { beforeAll } from "vitest";
import bundle from "../../dist/kv.json";

beforeAll(async () => {
  await Promise.all((bundle as { key: string; value: string }[]).map(({ key, value }) => env.KV.put(key, value)));
});
