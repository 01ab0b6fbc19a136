// The serving anchor: a minimal Hono Worker that answers each bench route with the status, headers and bytes Dispatch
// gave for it, from a constant (a JSON binding), so the difference in throughput is Dispatch's own work.
import { Hono } from "hono";

interface Canned {
  status: number;
  headers: [string, string][];
  /** Base64; empty for a 304. */
  body: string;
}
interface Env {
  /** Canned responses by path and query; the key "304 <path>" answers a request with If-None-Match. */
  RESPONSES: Record<string, Canned>;
}
interface Ready {
  status: number;
  headers: [string, string][];
  body: Uint8Array | null;
}

/** Decoded on first use, so a route's first request pays for its own bytes only. */
const table = new Map<string, Ready>();

function ready(responses: Record<string, Canned>, key: string): Ready | undefined {
  let r = table.get(key);
  const canned = responses[key];
  if (!r && canned) {
    const bytes = canned.body ? Uint8Array.from(atob(canned.body), (ch) => ch.charCodeAt(0)) : null;
    r = { status: canned.status, headers: canned.headers, body: bytes };
    table.set(key, r);
  }
  return r;
}

const app = new Hono<{ Bindings: Env }>();
app.get("*", (c) => {
  const url = new URL(c.req.url);
  const key = c.req.header("If-None-Match") ? `304 ${url.pathname}` : `${url.pathname}${url.search}`;
  const r = ready(c.env.RESPONSES, key);
  if (!r) return c.text("not canned", 404);
  // The bytes are already gzipped when Dispatch sent them so: pass them through as Dispatch does.
  return new Response(r.body, { status: r.status, headers: r.headers, encodeBody: "manual" });
});

export default app;
