// HTTP behaviour through the Worker's fetch handler inside workerd: validators, 304, HEAD, 404, 400, 405, CORS.
import { describe, expect, it } from "vitest";
import { builtRoute, get } from "./bundle.js";

describe("conditional GET", () => {
  for (const path of ["/feed.atom", "/feed.rss", "/feed.json", "/", "/topics", "/topics.opml"]) {
    it(`${path}: same ETag and Last-Modified on every request, 304 with no body when they match`, async () => {
      const a = await get(path);
      const b = await get(path);
      expect(a.status).toBe(200);
      const etag = a.headers.get("ETag");
      const lastModified = a.headers.get("Last-Modified");
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
      expect(lastModified).toMatch(/GMT$/);
      expect(b.headers.get("ETag")).toBe(etag);
      expect(b.headers.get("Last-Modified")).toBe(lastModified);
      expect(await a.text()).toBe(await b.text());

      const strong = await get(path, { headers: { "If-None-Match": etag ?? "" } });
      expect(strong.status).toBe(304);
      expect(await strong.text()).toBe("");
      expect(strong.headers.get("ETag")).toBe(etag);

      // Cloudflare weakens ETags when it recompresses; a weak match still means the reader's copy is current.
      const weak = await get(path, { headers: { "If-None-Match": `"nope", W/${etag}` } });
      expect(weak.status).toBe(304);

      const since = await get(path, { headers: { "If-Modified-Since": lastModified ?? "" } });
      expect(since.status).toBe(304);

      const older = await get(path, { headers: { "If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT" } });
      expect(older.status).toBe(200);

      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
      const mismatch = await get(path, {
        headers: { "If-None-Match": '"other"', "If-Modified-Since": lastModified ?? "" },
      });
      expect(mismatch.status).toBe(200);
    });
  }

  it("Last-Modified is when the route's bytes were first published, not the newest entry's date", async () => {
    // A back-dated article changes a feed without changing its newest entry; a reader sending only
    // If-Modified-Since must still get it, so Last-Modified is when these bytes were published (the build's clock),
    // carried over from build to build for as long as they stay the same.
    for (const path of ["/feed.atom", "/", "/topics/syria/feed.rss"]) {
      const res = await get(path);
      const [hash, modified] = builtRoute(path);
      expect(res.headers.get("ETag"), path).toBe(`"${hash}"`);
      expect(res.headers.get("Last-Modified"), path).toBe(new Date(modified * 1000).toUTCString());
      expect(modified * 1000).toBeGreaterThan(Date.parse("2018-07-16T04:00:00Z"));
    }
  });

  it("serves the stored gzip bytes to clients that take gzip, and the same text to those that do not", async () => {
    const gzip = await get("/feed.atom");
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    expect(gzip.headers.get("Vary")).toBe("Accept-Encoding");
    expect(gzip.headers.get("Content-Length")).toBe(String(builtRoute("/feed.atom")[2]));
    const identity = await get("/feed.atom", { headers: { "Accept-Encoding": "identity" } });
    expect(identity.status).toBe(200);
    expect(identity.headers.get("Content-Encoding")).toBeNull();
    // Other bytes, so another validator: weak, as RFC 9110 §8.8.1 has it, and still matched by If-None-Match.
    expect(identity.headers.get("ETag")).toBe(`W/${gzip.headers.get("ETag")}`);
    expect(await identity.text()).toBe(await gzip.text());
    const again = await get("/feed.atom", {
      headers: { "Accept-Encoding": "identity", "If-None-Match": identity.headers.get("ETag") ?? "" },
    });
    expect(again.status).toBe(304);
  });
});

describe("feeds rendered on request", () => {
  it("are sent gzip-compressed to clients that take gzip, and as the same text, weakly tagged, to those that do not", async () => {
    for (const path of ["/feed.atom?limit=100", "/authors/anne-barnard/feed.json", "/digest/feed.rss?limit=3"]) {
      const gzip = await get(path);
      expect(gzip.status, path).toBe(200);
      expect(gzip.headers.get("Content-Encoding"), path).toBe("gzip");
      expect(gzip.headers.get("Vary"), path).toBe("Accept-Encoding");
      const text = await gzip.text();
      // Content-Length counts the gzip bytes sent; the runtime hands the test the decoded text.
      expect(Number(gzip.headers.get("Content-Length")), path).toBeLessThan(new TextEncoder().encode(text).length / 2);
      const identity = await get(path, { headers: { "Accept-Encoding": "identity" } });
      expect(identity.headers.get("Content-Encoding"), path).toBeNull();
      expect(identity.headers.get("ETag"), path).toBe(`W/${gzip.headers.get("ETag")}`);
      expect(await identity.text(), path).toBe(text);
    }
  });
});

describe("an old site's addresses", () => {
  it("send the feed addresses other generators use to this site's feeds with 301, cached for a day", async () => {
    for (const [path, location] of [
      ["/feed.xml", "/feed.atom"],
      ["/index.xml/", "/feed.rss"],
      ["/rss", "/feed.rss"],
    ] as const) {
      const res = await get(path, { redirect: "manual" });
      expect([res.status, res.headers.get("Location"), res.headers.get("Cache-Control")], path).toEqual([
        301,
        location,
        "public, max-age=86400",
      ]);
    }
  });
});

describe("headers", () => {
  it("feeds and OPML carry their media type with charset, CORS, caching and Link self", async () => {
    const types: Record<string, string> = {
      "/feed.atom": "application/atom+xml; charset=utf-8",
      "/feed.rss": "application/rss+xml; charset=utf-8",
      "/feed.json": "application/feed+json; charset=utf-8",
      "/topics/syria/feed.rss": "application/rss+xml; charset=utf-8",
      "/topics.opml": "text/x-opml; charset=utf-8",
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await get(path);
      expect(res.headers.get("Content-Type")).toBe(type);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(res.headers.get("Cache-Control")).toMatch(/max-age=300.*stale-while-revalidate=/);
      expect(res.headers.get("Link")).toContain(`<https://dispatch.example.com${path}>; rel="self"`);
    }
  });

  it("pages are HTML with charset, and a content security policy that allows no script", async () => {
    for (const path of ["/", "/articles/american-russian-relations-in-syria", "/digest/2018-W29", "/nothing-here"]) {
      const res = await get(path);
      expect(res.headers.get("Content-Type"), path).toBe("text/html; charset=utf-8");
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).not.toMatch(/script-src/);
    }
  });
});

describe("HEAD", () => {
  it("answers with the GET headers and no body", async () => {
    const full = await get("/feed.atom");
    const head = await get("/feed.atom", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("ETag")).toBe(full.headers.get("ETag"));
    expect(head.headers.get("Content-Type")).toBe(full.headers.get("Content-Type"));
    // The length of the gzip bytes sent; the runtime hands the test the decoded body.
    expect(full.headers.get("Content-Length")).toBe(String(builtRoute("/feed.atom")[2]));
    expect(head.headers.get("Content-Length")).toBe(full.headers.get("Content-Length"));
    expect((await full.text()).startsWith("<?xml")).toBe(true);
  });
});

describe("errors", () => {
  it("404 for an unknown topic, article, feed or page, as an HTML page", async () => {
    for (const path of [
      "/topics/no-such-topic",
      "/topics/no-such-topic/feed.atom",
      "/articles/no-such-article",
      "/nothing-here",
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain(`There is no page at ${path}.`);
    }
  });

  it("names the missing path on the 404 page escaped, so it cannot add markup", async () => {
    const res = await get("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain("<script>");
    // Hono decodes the path (all but %2F); the page shows it as text.
    expect(html).toContain("There is no page at /articles/&lt;script&gt;alert(1)&lt;%2Fscript&gt;.");
  });

  it("400 with a one-line plain-text reason for an invalid limit", async () => {
    const cases = ["limit=0", "limit=101", "limit=abc", "limit=1.5", "limit=", "limit=5&limit=6"];
    for (const q of cases.flatMap((c) => [
      `/feed.atom?${c}`,
      `/topics/syria/feed.json?${c}`,
      `/digest/feed.rss?${c}`,
    ])) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      const text = await res.text();
      expect(text.trim().split("\n"), q).toHaveLength(1);
      expect(text).toMatch(/limit/);
    }
  });

  it("400 for a limit on a document that takes none (archives, pages)", async () => {
    for (const path of ["/feed/archive/2018-W29/1.atom?limit=5", "/?limit=5", "/digest/2018-W29?limit=5"]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).toBe("limit applies to subscription feeds only, such as /feed.atom\n");
    }
  });

  it("a valid limit gives that many entries, with self naming the limited URL", async () => {
    const res = await get("/feed.atom?limit=2");
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect([...xml.matchAll(/<entry>/g)]).toHaveLength(2);
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://dispatch.example.com/feed.atom?limit=2"/>',
    );
    expect(res.headers.get("Link")).toContain('<https://dispatch.example.com/feed.atom?limit=2>; rel="self"');
    const digest = await (await get("/digest/feed.json?limit=1")).json<{ items: unknown[] }>();
    expect(digest.items).toHaveLength(1);
  });

  it("answers a topic's JSON Feed at every limit from 1 to 100 with that many of its five entries, newest first", async () => {
    // The five seed articles are all about Syria; the default document lists them all, newest first.
    const all = (await (await get("/topics/syria/feed.json")).json<{ items: { id: string }[] }>()).items.map(
      (i) => i.id,
    );
    expect(all).toHaveLength(5);
    for (let limit = 1; limit <= 100; limit++) {
      const res = await get(`/topics/syria/feed.json?limit=${limit}`);
      expect(res.status, String(limit)).toBe(200);
      const feed = await res.json<{ feed_url: string; items: { id: string }[] }>();
      expect(
        feed.items.map((i) => i.id),
        String(limit),
      ).toEqual(all.slice(0, limit));
      expect(feed.feed_url).toBe(
        `https://dispatch.example.com/topics/syria/feed.json${limit === 20 ? "" : `?limit=${limit}`}`,
      );
    }
  });

  it("405 with Allow for methods that would change something", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await get("/feed.atom", { method });
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    }
  });

  it("unknown query parameters such as utm_source are ignored", async () => {
    const plain = await get("/feed.atom");
    const tagged = await get("/feed.atom?utm_source=newsletter");
    expect(tagged.status).toBe(200);
    expect(tagged.headers.get("ETag")).toBe(plain.headers.get("ETag"));
  });

  it("a trailing slash redirects to the canonical path, named as a path on this site", async () => {
    const res = await get("/topics/", { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/topics");
  });
});
