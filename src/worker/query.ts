// Query strings, checked at the edge: ?limit is the only parameter Dispatch reads; unknown ones (utm_…) are ignored.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
// zod/mini: the same schemas, tree-shaken, so the Worker bundle carries kilobytes of zod rather than most of a megabyte.
import * as z from "zod/mini";
import { MAX_LIMIT } from "../render/feed-documents.js";
import type { AppEnv } from "./env.js";

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_LIMIT}`;
const NO_LIMIT_HERE = "limit applies to subscription feeds only, such as /feed.atom";

/** ?limit, checked at the edge. Unknown parameters (utm_…) are ignored. */
const limitSchema = z.optional(
  z
    .pipe(z.string().check(z.regex(/^\d+$/, LIMIT_MESSAGE)), z.transform(Number))
    .check(z.refine((n) => n >= 1 && n <= MAX_LIMIT, LIMIT_MESSAGE)),
);

/** ?limit of a request, checked: a bad one is a typed 400 with a one-line reason. */
export function limitOf(c: Context<AppEnv>): number | undefined {
  const given = c.req.queries("limit");
  if (given && given.length > 1) throw new HTTPException(400, { message: "limit may be given once" });
  const parsed = limitSchema.safeParse(given?.[0]);
  if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues[0]?.message ?? LIMIT_MESSAGE });
  return parsed.data;
}

/** A ?limit where it does not apply: a typed 400 saying where it does. */
export const limitNotHere = () => new HTTPException(400, { message: NO_LIMIT_HERE });

/** Refuses ?limit on routes that are not subscription feeds (pages, digests), before their handler runs. */
export const noLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.query("limit") !== undefined) throw limitNotHere();
  await next();
});
