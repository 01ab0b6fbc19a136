// The digest through the Worker inside workerd: routes, week logic in workerd's Intl, and a Worker that never writes.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { formatWeek, isoWeekOf, parseWeek, weekBounds, weekDates } from "../../src/shared/isoweek.js";
import { localDate, rfc3339, zonedInstant } from "../../src/shared/time.js";
import worker from "../../src/worker/index.js";
import { get } from "./bundle.js";
import { wrapKv } from "./kv-wrapper.js";

const SEED_WEEKS = ["2018-W29", "2018-W07", "2016-W24", "2015-W41", "2015-W40"];

describe("ISO weeks inside workerd", () => {
  it("cross year boundaries as ISO 8601 says", () => {
    expect(formatWeek(isoWeekOf("2016-01-03"))).toBe("2015-W53");
    expect(formatWeek(isoWeekOf("2021-01-03"))).toBe("2020-W53");
    expect(formatWeek(isoWeekOf("2021-01-04"))).toBe("2021-W01");
    expect(formatWeek(isoWeekOf("2019-12-30"))).toBe("2020-W01");
    expect(weekDates({ year: 2015, week: 53 })).toEqual({ monday: "2015-12-28", sunday: "2016-01-03" });
    expect(parseWeek("2021-W53")).toBeNull();
    expect(parseWeek("2020-W53")).toEqual({ year: 2020, week: 53 });
  });

  it("give a date whose midnight is skipped by DST its first real instant, on that day", () => {
    // São Paulo moved its clocks from 00:00 to 01:00 on 4 November 2018.
    expect(rfc3339(zonedInstant("2018-11-04", "America/Sao_Paulo"), "America/Sao_Paulo")).toBe(
      "2018-11-04T01:00:00-02:00",
    );
    expect(rfc3339(zonedInstant("2018-11-04", "America/New_York", "01:30"), "America/New_York")).toBe(
      "2018-11-04T01:30:00-04:00",
    );
  });

  it("put the same instant in different weeks in different time zones", () => {
    const instant = Date.parse("2018-07-23T03:30:00Z"); // Sunday 23:30 in New York, Monday 05:30 in Berlin
    expect(formatWeek(isoWeekOf(localDate(instant, "America/New_York")))).toBe("2018-W29");
    expect(formatWeek(isoWeekOf(localDate(instant, "Europe/Berlin")))).toBe("2018-W30");
    const ny = weekBounds({ year: 2018, week: 29 }, "America/New_York");
    expect(new Date(ny.end).toISOString()).toBe("2018-07-23T04:00:00.000Z");
    const berlin = weekBounds({ year: 2018, week: 29 }, "Europe/Berlin");
    expect(new Date(berlin.end).toISOString()).toBe("2018-07-22T22:00:00.000Z");
  });
});

describe("digest routes", () => {
  it("the archive lists exactly the five seed weeks with their dates and counts", async () => {
    const res = await get("/digest/archive");
    expect(res.status).toBe(200);
    const html = await res.text();
    const weeks = [...html.matchAll(/href="\/digest\/(\d{4}-W\d{2})"/g)].map((m) => m[1]);
    expect([...new Set(weeks)]).toEqual(SEED_WEEKS);
    expect(html).toContain("16–22 July 2018");
    expect(html).toContain("28 September – 4 October 2015");
  });

  it("/digest serves the latest week with a canonical link to its permalink", async () => {
    const latest = await (await get("/digest")).text();
    const permalink = await (await get("/digest/2018-W29")).text();
    expect(latest).toBe(permalink);
    expect(latest).toContain('<link rel="canonical" href="https://dispatch.example.com/digest/2018-W29"/>');
    expect(latest).toContain("American-Russian Relations in Syria? Less Rosy Than Trump and Putin Claim");
    // The one script element is the schema.org data block, which browsers do not run.
    expect(latest.match(/<script[^>]*>/gi)).toEqual(['<script type="application/ld+json">']);
  });

  it("a week's page answers conditional GET with 304", async () => {
    const res = await get("/digest/2018-W29");
    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
    expect((await get("/digest/2018-W29", { headers: { "If-None-Match": `W/${etag}` } })).status).toBe(304);
  });

  it("an empty week or a future week is a 404 page linking to the archive and the nearest weeks", async () => {
    const empty = await get("/digest/2018-W30");
    expect(empty.status).toBe(404);
    const html = await empty.text();
    expect(html).toContain('href="/digest/archive"');
    expect(html).toContain('href="/digest/2018-W29"');
    const future = await get("/digest/2099-W01");
    expect(future.status).toBe(404);
    expect(await future.text()).toContain("has not begun");
  });

  it("a malformed week is 400", async () => {
    for (const week of ["2018-W7", "2021-W53", "2018-29", "last-week"]) {
      expect((await get(`/digest/${week}`)).status, week).toBe(400);
    }
  });

  it("email and plain-text versions", async () => {
    const email = await get("/digest/2018-W29/email");
    expect(email.status).toBe(200);
    const html = await email.text();
    expect(html).toMatch(/<table[^>]*width="600"/);
    expect(html).not.toMatch(/<script|<link(?! rel="icon" href="data:,")|<style/i);
    const text = await get("/digest/2018-W29.txt");
    expect(text.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const body = await text.text();
    expect(body).toContain("American-Russian Relations in Syria?");
    // Wrapped at 72 columns; only a single unbreakable word (a long URL) may run past.
    for (const line of body.split("\n")) if (line.length > 72) expect(line.trim(), line).not.toMatch(/\s/);
  });

  it("digest feeds have one entry per finished week, with stable ids", async () => {
    const atom = await (await get("/digest/feed.atom")).text();
    const ids = [...atom.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(ids).toEqual(SEED_WEEKS.map((w) => `tag:dispatch.example.com,2026-11-21:digest/${w}`));
    const json = (await (await get("/digest/feed.json")).json()) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).toEqual(ids);
    const topic = await get("/topics/wagner-group/digest.atom");
    expect(topic.status).toBe(200);
    expect([...(await topic.text()).matchAll(/<entry>/g)]).toHaveLength(2);
    expect((await get("/topics/no-such-topic/digest.atom")).status).toBe(404);
  });
});

describe("a Worker that only reads", () => {
  it("serves every kind of route without writing to KV", async () => {
    const refuse = () => {
      throw new Error("the Worker wrote to KV");
    };
    const readOnly = wrapKv(env.KV, { put: refuse, delete: refuse });
    const readOnlyEnv = { ...env, KV: readOnly } as Env;
    for (const path of [
      "/digest",
      "/digest/2018-W29",
      "/digest/2018-W29/email",
      "/digest/2018-W29.txt",
      "/digest/archive",
      "/digest/feed.atom?limit=2",
      "/topics/syria/digest.json?limit=1",
      "/digest/2018-W30",
      "/feed.rss?limit=3",
      "/authors/thomas-gibbons-neff/feed.atom",
    ]) {
      const res = await worker.fetch(new Request(`http://dispatch.test${path}`), readOnlyEnv, {
        waitUntil: () => {},
        passThroughOnException: () => {},
        props: {},
      } as unknown as ExecutionContext);
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });
});
