// The Worker under faults and hostile requests, in workerd: KV failures answer 503 and are not remembered, errors are
// never cached, conditional requests read only real HTTP-dates, redirects stay on the site, and every kind of
// response carries its security headers.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { SiteConfig } from "../../src/shared/site.js";
import type { AppEnv } from "../../src/worker/env.js";
import { PAGE_POLICY, securityHeaders } from "../../src/worker/headers.js";
import { errorPage, parseHttpDate, serve } from "../../src/worker/http.js";
import worker from "../../src/worker/index.js";
import { get, worker as runtime } from "./bundle.js";
import { wrapKv } from "./kv-wrapper.js";

type Fault =
  | "throw"
  | "not-json"
  | "wrong-shape"
  | "entry-wrong-shape"
  | "route-not-entry"
  | "body-not-gzip"
  | "hang"
  | undefined;

/** A fresh isolate whose KV fails as `fault` says, until the fault is cleared. */
function faulty() {
  let fault: Fault;
  const KV = wrapKv(env.KV, {
    get: async (key: string | string[], options: { type?: string } | undefined) => {
      if (fault === "throw") throw new Error("KV GET failed: 500 Internal Server Error");
      if (fault === "hang") return new Promise(() => {});
      if (fault === "not-json" && options?.type === "json") throw new SyntaxError("Unexpected token");
      if (fault === "wrong-shape" && options?.type === "json" && !Array.isArray(key)) return {};
      if (fault === "entry-wrong-shape" && Array.isArray(key)) return new Map(key.map((k) => [k, {}]));
      if (fault === "body-not-gzip" && options?.type === "arrayBuffer")
        return new TextEncoder().encode("<p>plain bytes</p>").buffer;
      const value = await env.KV.get(key as string, options as KVNamespaceGetOptions<"text">);
      if (fault === "route-not-entry" && options?.type === "json" && value && typeof value === "object") {
        const shard = value as unknown as { routes?: Record<string, unknown> };
        if (shard.routes)
          return { ...shard, routes: Object.fromEntries(Object.keys(shard.routes).map((p) => [p, "x"])) };
      }
      return value;
    },
  });
  const isolateEnv = { ...env, KV } as Env;
  return {
    set: (f: Fault) => {
      fault = f;
    },
    async fetch(path: string): Promise<Response> {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`http://dispatch.test${path}`), isolateEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    },
  };
}

describe("KV faults", () => {
  for (const fault of ["throw", "not-json", "wrong-shape"] as const) {
    it(`a read that ${fault === "throw" ? "throws" : fault === "not-json" ? "is not JSON" : "has the wrong shape"} answers 503 with Retry-After, not stored, and the next request tries again`, async () => {
      const isolate = faulty();
      isolate.set(fault);
      for (const path of ["/feed.atom", "/", "/digest/2018-W29", "/articles/us-russia-bomb-same-country"]) {
        const res = await isolate.fetch(path);
        expect(res.status, path).toBe(503);
        expect(res.headers.get("Retry-After"), path).toBe("60");
        expect(res.headers.get("Cache-Control"), path).toBe("no-store");
        expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
        expect(await res.text()).toMatch(/not available right now/);
      }
      isolate.set(undefined);
      expect((await isolate.fetch("/feed.atom")).status).toBe(200);
      expect((await isolate.fetch("/")).status).toBe(200);
    });
  }
});

describe("damaged values and reads that never answer", () => {
  const cases: [Exclude<Fault, undefined>, string, string][] = [
    ["entry-wrong-shape", "a stored feed entry of the wrong shape", "/feed.atom?limit=7"],
    ["entry-wrong-shape", "a stored feed entry of the wrong shape", "/authors/anne-barnard/feed.json"],
    ["route-not-entry", "a route entry that is not one", "/"],
    ["body-not-gzip", "stored bytes that are not gzip", "/topics/syria/feed.rss"],
    ["hang", "a KV read that never answers", "/feed.atom"],
  ];
  for (const [fault, what, path] of cases)
    it(`${what} answers ${path} with 503 and Retry-After, and is not remembered`, async () => {
      const isolate = faulty();
      isolate.set(fault);
      const res = await isolate.fetch(path);
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("60");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Content-Encoding")).toBeNull();
      await res.arrayBuffer();
      isolate.set(undefined);
      const again = await isolate.fetch(path);
      expect(again.status).toBe(200);
      await again.arrayBuffer();
    }, 20_000);
});

describe("errors are never cached", () => {
  it("400, 404 and 405 send Cache-Control: no-store", async () => {
    const cases: [string, RequestInit, number][] = [
      ["/feed.atom?limit=0", {}, 400],
      ["/articles/no-such-article", {}, 404],
      ["/digest/2018-W99", {}, 400],
      ["/digest/2019-W01", {}, 404],
      ["/feed.atom", { method: "POST" }, 405],
    ];
    for (const [path, init, status] of cases) {
      const res = await get(path, init);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("Cache-Control"), path).toBe("no-store");
      await res.arrayBuffer();
    }
  });
});

describe("conditional requests read only HTTP-dates (RFC 9110 §5.6.7, §13.1.3)", () => {
  it("parses the three forms and nothing else", () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(t);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(t);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(t);
    for (const bad of ["2099-01-01", "Sun, 31 Feb 2099 08:49:37 GMT", "Sun, 06 Nov 2099 25:00:00 GMT", "tomorrow", ""])
      expect(parseHttpDate(bad), bad).toBeUndefined();
  });

  it("ignores an If-Modified-Since that is not an HTTP-date or is in the future, and honours one that is", async () => {
    const lenient = await get("/feed.atom", { headers: { "If-Modified-Since": "2099-01-01" } });
    expect(lenient.status).toBe(200);
    const modified = new Date(lenient.headers.get("Last-Modified") ?? "");
    await lenient.arrayBuffer();
    const [day, month, year, clock] = modified.toUTCString().split(" ").slice(1);
    const weekday = modified.toUTCString().slice(0, 3);
    const long = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" }).format(modified);
    const expected: [string, number][] = [
      [modified.toUTCString(), 304],
      [`${long}, ${day}-${month}-${year?.slice(2)} ${clock} GMT`, 304],
      [`${weekday} ${month} ${String(Number(day)).padStart(2, " ")} ${clock} ${year}`, 304],
      [new Date(modified.getTime() - 1000).toUTCString(), 200],
      // The two-digit year 99 is 1999 (more than 50 years ahead otherwise): long before the build.
      ["Friday, 01-Jan-99 00:00:00 GMT", 200],
      // Later than now: no copy the client has can be from then (RFC 9110 §13.1.3).
      ["Thu, 01 Jan 2099 00:00:00 GMT", 200],
    ];
    for (const [date, status] of expected) {
      const res = await get("/feed.atom", { headers: { "If-Modified-Since": date } });
      expect(res.status, date).toBe(status);
      await res.arrayBuffer();
    }
  });

  it("answers a false If-Match or If-Unmodified-Since with 412, and a true one with the document", async () => {
    const plain = await get("/feed.atom");
    const etag = plain.headers.get("ETag") ?? "";
    const modified = Date.parse(plain.headers.get("Last-Modified") ?? "");
    await plain.arrayBuffer();
    const cases: [Record<string, string>, number][] = [
      [{ "If-Match": '"not-this-one"' }, 412],
      [{ "If-Match": `"x", ${etag}` }, 200],
      [{ "If-Match": `W/${etag}` }, 412],
      [{ "If-Match": "*" }, 200],
      [{ "If-Unmodified-Since": new Date(modified - 86_400_000).toUTCString() }, 412],
      [{ "If-Unmodified-Since": new Date(modified).toUTCString() }, 200],
      [{ "If-Unmodified-Since": "not a date" }, 200],
    ];
    for (const [headers, status] of cases) {
      const res = await get("/feed.atom", { headers });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 412) expect(res.headers.get("Cache-Control")).toBe("no-store");
      await res.arrayBuffer();
    }
  });
});

describe("one URL per document", () => {
  it("sends percent-encoded spellings and trailing slashes to the canonical path, and the rest to 404", async () => {
    const cases: [string, number, string | null][] = [
      ["/t%6Fpics", 301, "/topics"],
      ["/feed%2Eatom", 301, "/feed.atom"],
      ["/articles/%61merican-russian-relations-in-syria", 301, "/articles/american-russian-relations-in-syria"],
      ["/topics/syria/", 301, "/topics/syria"],
      ["/feed.atom/?limit=5", 301, "/feed.atom?limit=5"],
      ["/%09/evil.example/", 404, null],
      ["/%09%5Cevil.example/", 404, null],
      ["/%0A/x/", 404, null],
      ["/topics%00/", 404, null],
      ["/topics%0D/", 404, null],
      ["/%E0%A4%A/", 404, null],
      ["/articles/%C3%BC/", 404, null],
    ];
    for (const [path, status, location] of cases) {
      const res = await runtime.fetch(new Request(`http://dispatch.test${path}`, { redirect: "manual" }));
      expect(res.status, path).toBe(status);
      expect(res.headers.get("Location"), path).toBe(location);
      await res.arrayBuffer();
    }
  });

  it("never answers 500 and never redirects anywhere but a canonical path, over 2,000 generated paths", async () => {
    const parts = ["", "/", "//", "\\", "%09", "%0A", "%0D", "%00", "%5C", "%2F", "%2E", "..", ".", "evil.example"];
    const stems = ["", "/topics", "/feed.atom", "/digest/2018-W29", "/articles/us-russia-bomb-same-country", "/x"];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return list[seed % list.length] as T;
    };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const path = `${pick(stems)}/${pick(parts)}${pick(parts)}${pick(parts)}${pick(["", "/", "//"])}`.replace(
        /^(?!\/)/,
        "/",
      );
      const res = await runtime.fetch(new Request(`http://dispatch.test${path}`, { redirect: "manual" }));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([200, 301, 400, 404], path).toContain(res.status);
      const location = res.headers.get("Location");
      if (location !== null) expect(location, path).toMatch(/^(?:\/[A-Za-z0-9._-]+)+$|^\/$/);
      await res.arrayBuffer();
    }
    expect(statuses.get(301)).toBeGreaterThan(0);
    expect(statuses.get(404)).toBeGreaterThan(0);
  }, 60_000);
});

describe("web-based readers, across origins", () => {
  it("allows the validators in a preflight, and exposes ETag, Last-Modified and Link on feeds", async () => {
    const pre = await get("/feed.atom", {
      method: "OPTIONS",
      headers: {
        Origin: "https://reader.example",
        "Access-Control-Request-Headers": "if-none-match, if-modified-since",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Headers")).toMatch(/If-None-Match/);
    expect(pre.headers.get("Access-Control-Allow-Headers")).toMatch(/If-Modified-Since/);
    const res = await get("/feed.atom", { headers: { Origin: "https://reader.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Expose-Headers")).toBe("ETag, Last-Modified, Link");
    const etag = res.headers.get("ETag") ?? "";
    await res.arrayBuffer();
    const again = await get("/feed.atom", { headers: { Origin: "https://reader.example", "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(again.headers.get("Access-Control-Expose-Headers")).toBe("ETag, Last-Modified, Link");
  });
});

describe("content coding follows the client, not the edge", () => {
  it("reads request.cf.clientAcceptEncoding where Cloudflare gives it", async () => {
    // Cloudflare and wrangler's dev server send the Worker "br, gzip" whatever the client asked for.
    const identity = await runtime.fetch(
      new Request("http://dispatch.test/feed.atom", {
        headers: { "Accept-Encoding": "br, gzip" },
        cf: { clientAcceptEncoding: "identity" },
      }),
    );
    expect(identity.headers.get("Content-Encoding")).toBeNull();
    expect(identity.headers.get("ETag")).toMatch(/^W\//);
    expect(await identity.text()).toMatch(/^<\?xml/);
    const gzip = await runtime.fetch(
      new Request("http://dispatch.test/feed.atom", {
        headers: { "Accept-Encoding": "br, gzip" },
        cf: { clientAcceptEncoding: "gzip, deflate" },
      }),
    );
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    await gzip.arrayBuffer();
  });
});

describe("redirects never leave the site", () => {
  it("answers a trailing slash with a Location that is a path on this host, whatever the request", async () => {
    for (const path of [
      "//evil.example/",
      "/\\evil.example/",
      "/%2F%2Fevil.example/",
      "/%5Cevil.example/",
      "/topics//",
    ]) {
      const res = await runtime.fetch(
        new Request(`http://dispatch.test${path}`, { headers: { Host: "evil.example" }, redirect: "manual" }),
      );
      const location = res.headers.get("Location");
      if (res.status === 301) {
        expect(location, path).toMatch(/^\/(?![/\\])/);
        expect(new URL(location ?? "", "http://dispatch.test/x").host, path).toBe("dispatch.test");
      } else expect(res.status, path).toBe(404);
    }
  });
});

describe("security headers on every kind of response", () => {
  const common = (res: Response, what: string) => {
    expect(res.headers.get("X-Content-Type-Options"), what).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy"), what).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("Permissions-Policy"), what).toContain("camera=()");
    expect(res.headers.get("Permissions-Policy"), what).toContain("geolocation=()");
    // The project's site.yaml leaves strictTransportSecurity off.
    expect(res.headers.get("Strict-Transport-Security"), what).toBeNull();
  };

  it("pages get the page policy; feeds, OPML, the icon and plain text a sandbox that runs and loads nothing", async () => {
    const data = "default-src 'none'; sandbox";
    const cases: [string, RequestInit, string][] = [
      ["/", {}, PAGE_POLICY],
      ["/articles/no-such-article", {}, PAGE_POLICY],
      ["/feed.atom", {}, data],
      ["/topics/syria/feed.json", {}, data],
      ["/topics.opml", {}, data],
      ["/favicon.svg", {}, data],
      ["/digest/2018-W29.txt", {}, data],
      ["/feed.atom?limit=0", {}, data],
      ["/feed.atom", { method: "DELETE" }, data],
    ];
    for (const [path, init, policy] of cases) {
      const res = await get(path, init);
      common(res, path);
      expect(res.headers.get("Content-Security-Policy"), path).toBe(policy);
      await res.arrayBuffer();
    }
  });

  it("sends Strict-Transport-Security only for an https origin that asks for it, on documents, 304s and error pages", async () => {
    // The project's site.yaml leaves it off, so the Worker's own answers are built here the way its routes build them.
    const appFor = (origin: string, strictTransportSecurity: boolean) => {
      const site = { origin, strictTransportSecurity } as SiteConfig;
      const rep = { body: new Uint8Array(), contentType: "application/atom+xml", etag: '"v1"', modified: 0 };
      const app = new Hono<AppEnv>();
      app.use(securityHeaders);
      app.get("/feed.atom", (c) => serve(c, rep, { kind: "feed", site, self: "/feed.atom" }));
      app.get("*", () => errorPage(404, "<p>Not here.</p>", site));
      return app;
    };
    const hsts = async (origin: string, on: boolean, path: string) => {
      const res = await appFor(origin, on).request(path, { headers: { "If-None-Match": '"v1"' } });
      return [res.status, res.headers.get("Strict-Transport-Security")];
    };
    const asked = "max-age=63072000; includeSubDomains";
    expect(await hsts("https://news.example", true, "/feed.atom")).toEqual([304, asked]);
    expect(await hsts("https://news.example", true, "/gone")).toEqual([404, asked]);
    expect(await hsts("https://news.example", false, "/feed.atom")).toEqual([304, null]);
    expect(await hsts("http://news.example", true, "/gone")).toEqual([404, null]);
  });
});

describe("concurrent first requests for a feed rendered on request", () => {
  it("answers 64 at once, on an isolate that has served others, all with the same document", async () => {
    // Warm the isolate the way load does: other rendered feeds first.
    for (const limit of [3, 5, 8]) await (await get(`/feed.atom?limit=${limit}`)).arrayBuffer();
    for (const path of ["/feed.atom?limit=93", "/authors/anne-barnard/feed.atom", "/digest/feed.json?limit=2"]) {
      const answers = await Promise.all(
        Array.from({ length: 64 }, async () => {
          const res = await get(path);
          return { status: res.status, etag: res.headers.get("ETag"), body: await res.text() };
        }),
      );
      expect(
        answers.map((a) => a.status).filter((s) => s !== 200),
        path,
      ).toEqual([]);
      expect(new Set(answers.map((a) => a.etag)).size, path).toBe(1);
      expect(new Set(answers.map((a) => a.body)).size, path).toBe(1);
    }
  }, 60_000);
});
