// The digest through the Worker inside workerd: routes, week logic in workerd's Intl, the cron and stored digests.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { finishedWeeks, planDigest } from "../../src/render/digest/week-plan.js";
import { formatWeek, isoWeekOf, parseWeek, weekBounds, weekDates } from "../../src/shared/isoweek.js";
import { localDate, rfc3339, zonedInstant } from "../../src/shared/time.js";
import { storedDigestKey } from "../../src/worker/digest-store.js";
import worker from "../../src/worker/index.js";
import { forgetMemo } from "../../src/worker/kv.js";
import { renderFinishedDigests } from "../../src/worker/scheduled.js";
import { builtIndex, get } from "./bundle.js";

const SEED_WEEKS = ["2018-W29", "2018-W07", "2016-W24", "2015-W41", "2015-W40"];

afterEach(() => {
  vi.useRealTimers();
  forgetMemo();
});

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
    expect(latest).not.toMatch(/<script/i);
  });

  it("a week's page answers conditional GET with 304", async () => {
    const res = await get("/digest/2018-W29");
    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
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

  it("the week in progress is shown as in progress and stays out of the digest feeds", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2018-07-18T16:00:00Z")); // Wednesday of 2018-W29
    forgetMemo();
    const page = await (await get("/digest/2018-W29")).text();
    expect(page).toMatch(/in progress/i);
    const atom = await (await get("/digest/feed.atom")).text();
    expect(atom).not.toContain("digest/2018-W29</id>");
    expect(atom).toContain("digest/2018-W07</id>");
    // The latest finished week is what /digest shows while the current one runs.
    expect(await (await get("/digest")).text()).toContain('href="https://dispatch.example.com/digest/2018-W07"');
  });
});

describe("the Cron Trigger", () => {
  const CRON_TIME = Date.parse("2026-11-23T05:15:00Z");
  /** The KV keys of the seed weeks' stored digests, as the Worker names them (a hash of each digest's inputs). */
  async function seedDigestKeys(): Promise<Map<string, string>> {
    const index = await builtIndex();
    const plan = planDigest(index, CRON_TIME);
    const keys = new Map<string, string>();
    for (const w of finishedWeeks(plan)) keys.set(w.name, await storedDigestKey(index, plan, w));
    return keys;
  }
  const storedKeys = async () => (await env.KV.list({ prefix: "d/" })).keys.map((k) => k.name).sort();

  it("stores every finished week's digest once; a second run writes nothing; requests then read it", async () => {
    for (const name of await storedKeys()) await env.KV.delete(name);
    const run = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: CRON_TIME, cron: "15 * * * MON" }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await run();
    const keys = await seedDigestKeys();
    expect([...keys.keys()]).toEqual(SEED_WEEKS);
    expect(await storedKeys()).toEqual([...keys.values()].sort());
    const first = await Promise.all([...keys.values()].map((k) => env.KV.get(k)));

    // Idempotent: a second run finds every week stored and writes nothing.
    expect(await renderFinishedDigests(env, CRON_TIME + 3_600_000)).toEqual([]);
    await run();
    expect(await Promise.all([...keys.values()].map((k) => env.KV.get(k)))).toEqual(first);

    // What the cron stored is what a request serves.
    const page = JSON.parse(first[0] ?? "{}") as { page: { body: string } };
    forgetMemo();
    expect(await (await get("/digest/2018-W29")).text()).toBe(page.page.body);
  });

  it("a finished week the cron has not rendered is rendered on the spot and stored", async () => {
    const key = (await seedDigestKeys()).get("2016-W24") ?? "";
    await env.KV.delete(key);
    forgetMemo();
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://dispatch.test/digest/2016-W24"), env, ctx);
    expect(res.status).toBe(200);
    const body = await res.text();
    await waitOnExecutionContext(ctx);
    const stored = JSON.parse((await env.KV.get(key)) ?? "{}") as { page: { body: string } };
    expect(stored.page.body).toBe(body);
  });

  it("names a digest by its inputs: another week's change, or another publish time, leaves it alone", async () => {
    const index = await builtIndex();
    const plan = planDigest(index, CRON_TIME);
    const w29 = plan.weeks.find((w) => w.name === "2018-W29");
    const w07 = plan.weeks.find((w) => w.name === "2018-W07");
    if (!w29 || !w07) throw new Error("seed weeks missing");
    const key = await storedDigestKey(index, plan, w29);
    expect(await storedDigestKey({ ...index, publishedAt: "2030-01-01T00:00:00Z" }, plan, w29)).toBe(key);
    // Its previous week's label is on its page, so a change there is a change here; the renderer's too.
    const renamed = { ...plan, weeks: plan.weeks.map((w) => (w === w07 ? { ...w, label: "another label" } : w)) };
    expect(await storedDigestKey(index, renamed, w29)).not.toBe(key);
    expect(await storedDigestKey({ ...index, renderer: "other" }, plan, w29)).not.toBe(key);
  });
});
