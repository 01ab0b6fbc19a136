// The Worker under faults and hostile requests, in workerd: KV failures answer 503 and are not remembered, errors are
// never cached, conditional requests read only real HTTP-dates, redirects stay on the site, and every kind of
// response carries its security headers.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/worker/env.js";
import { PAGE_POLICY, securityHeaders } from "../../src/worker/headers.js";
import { parseHttpDate } from "../../src/worker/http.js";
import worker from "../../src/worker/index.js";
import { get } from "./bundle.js";

type Fault = "throw" | "not-json" | "wrong-shape" | undefined;

/** A fresh isolate whose KV fails as `fault` says, until the fault is cleared. */
function faulty() {
  let fault: Fault;
  const KV = new Proxy(env.KV, {
    get(target, prop) {
      if (prop === "get") {
        return (key: string | string[], options: { type?: string } | undefined) => {
          if (fault === "throw") return Promise.reject(new Error("KV GET failed: 500 Internal Server Error"));
          if (fault === "not-json" && options?.type === "json")
            return Promise.reject(new SyntaxError("Unexpected token"));
          if (fault === "wrong-shape" && options?.type === "json") return Promise.resolve({});
          return target.get(key as string, options as KVNamespaceGetOptions<"text">);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
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

  it("ignores an If-Modified-Since that is not an HTTP-date, and honours one that is", async () => {
    const lenient = await get("/feed.atom", { headers: { "If-Modified-Since": "2099-01-01" } });
    expect(lenient.status).toBe(200);
    await lenient.arrayBuffer();
    for (const date of [
      "Thu, 01 Jan 2099 00:00:00 GMT",
      "Thursday, 01-Jan-99 00:00:00 GMT",
      "Thu Jan  1 00:00:00 2099",
    ]) {
      const res = await get("/feed.atom", { headers: { "If-Modified-Since": date } });
      // The two-digit year 99 is 1999 (more than 50 years ahead otherwise): long before the build, so not a 304.
      expect(res.status, date).toBe(date.includes("-99") ? 200 : 304);
      await res.arrayBuffer();
    }
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
      const res = await worker.fetch(
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

  it("sends Strict-Transport-Security only for an https origin that asks for it", async () => {
    const appFor = (origin: string, strictTransportSecurity: boolean) => {
      const app = new Hono<AppEnv>();
      app.use(securityHeaders);
      app.get("*", (c) => {
        c.set("site", { origin, strictTransportSecurity } as AppEnv["Variables"]["site"]);
        c.set("kind", "page");
        return c.text("ok");
      });
      return app;
    };
    const on = await appFor("https://news.example", true).request("/");
    expect(on.headers.get("Strict-Transport-Security")).toBe("max-age=63072000; includeSubDomains");
    expect(
      (await appFor("https://news.example", false).request("/")).headers.get("Strict-Transport-Security"),
    ).toBeNull();
    expect(
      (await appFor("http://news.example", true).request("/")).headers.get("Strict-Transport-Security"),
    ).toBeNull();
  });
});
