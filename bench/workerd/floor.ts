// The cold-request anchor: a minimal Hono Worker that makes the KV reads it is told to and answers with the last
// value's bytes, so a first request's CPU can be set against what any Hono Worker reading KV the same way pays.
import { Hono } from "hono";

interface Env {
  KV: KVNamespace;
}

const app = new Hono<{ Bindings: Env }>();
app.get("*", async (c) => {
  let body: ArrayBuffer | null = null;
  for (const key of c.req.queries("key") ?? [])
    body = await c.env.KV.get(key, { type: "arrayBuffer", cacheTtl: 86_400 });
  return new Response(body, { headers: { "Content-Encoding": "gzip" }, encodeBody: "manual" });
});

export default app;
