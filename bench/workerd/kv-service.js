// The bench's Workers KV, in bare workerd: answers the KV binding's HTTP protocol from a directory of value files
// and counts the reads. Runs in its own workerd process, so its CPU is not counted as the measured Worker's.
//
// workerd sends `GET /<key, URL-encoded>?urlencoded=true` for a get and `POST /bulk/get` with {keys, type} for a bulk
// get (miniflare's KV service answers the same protocol). The disk service decodes a path once and cannot hold a `/`
// in a file name, so each value file is named by its key URL-encoded, and is asked for encoded twice.
let operations = 0;
let keysRead = 0;
/** Keys of single gets since the last reset, in order: the bench replays them from its anchor Worker. */
let keys = [];

const fileOf = (key) => `http://disk/${encodeURIComponent(encodeURIComponent(key))}`;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/__reads") {
      const counts = { operations, keys: keysRead, gets: keys };
      if (request.method === "DELETE") {
        operations = keysRead = 0;
        keys = [];
      }
      return Response.json(counts);
    }
    operations++;
    if (request.method === "POST" && url.pathname === "/bulk/get") {
      const { keys, type } = await request.json();
      keysRead += keys.length;
      const out = {};
      await Promise.all(
        keys.map(async (key) => {
          const r = await env.DISK.fetch(fileOf(key));
          out[key] = r.ok ? (type === "json" ? await r.json() : await r.text()) : null;
        }),
      );
      return Response.json(out);
    }
    if (request.method !== "GET") return new Response("read-only", { status: 405 });
    keysRead++;
    const key = decodeURIComponent(url.pathname.slice(1));
    keys.push(key);
    const r = await env.DISK.fetch(fileOf(key));
    return r.ok ? new Response(r.body) : new Response("not found", { status: 404 });
  },
};
