// The site configuration (site.yaml): its schema, checked by the build and carried in the KV index.
import { z } from "zod";
import { SLUG } from "./routes.js";

/** The placeholders of `permalinks`: Jekyll's (https://jekyllrb.com/docs/permalinks/#placeholders) and Hugo's. */
export const PERMALINK_PLACEHOLDERS: readonly string[] = [
  "year",
  "short_year",
  "month",
  "i_month",
  "monthname",
  "day",
  "i_day",
  "hour",
  "minute",
  "second",
  "title",
  "slug",
  "filename",
  "contentbasename",
  "section",
  "sections",
  "categories",
  "output_ext",
];

export const siteSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    origin: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !u.endsWith("/") && new URL(u).pathname === "/", "an origin only, with no path or trailing slash"),
    // RFC 4151 taggingEntity: authorityName "," date (YYYY, YYYY-MM or YYYY-MM-DD). Tag authority names are
    // case-insensitive, but Atom ids are compared character by character (RFC 4287 §4.2.6.1) and the W3C Feed
    // Validation Service flags upper case: one spelling, lower case.
    idAuthority: z
      .string()
      .regex(/^[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$/, "must be 'domain,YYYY-MM-DD' in lower case (RFC 4151)"),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "must be a BCP 47 language tag"),
    timeZone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/London"),
    author: z.object({ name: z.string().min(1), uri: z.url().optional(), email: z.email().optional() }).strict(),
    feedSize: z.number().int().min(1).max(100).default(20),
    hub: z.union([z.url(), z.literal("")]).default(""),
    // The Cloudflare plan publishes are counted against: on "free", `npm run deploy` says how many days of the Free
    // plan's 1,000 KV writes a publish needs, and stops at the daily limit with what it stored kept for the next run.
    plan: z.enum(["free", "paid"]).default("free"),
    // Send Strict-Transport-Security: only for an https origin on a domain you control for good, subdomains included.
    strictTransportSecurity: z.boolean().default(false),
    // Front-matter fields only another generator's templates used, set aside like `layout` and `permalink` (reported
    // once per build) instead of refused as unknown.
    ignoreFields: z.array(z.string().min(1)).default([]),
    // The patterns the old site built its article addresses with (`/blog/:year/:month/:slug/`, Jekyll's and Hugo's
    // placeholders): each article's address under each answers 301 to its page here.
    permalinks: z
      .array(
        z
          .string()
          .regex(/^\/[^\s?#]*$/, "must be a path pattern such as /blog/:year/:month/:slug/")
          .refine(
            (p) => [...p.matchAll(/:([a-z_]+)/g)].every((m) => PERMALINK_PLACEHOLDERS.includes(m[1] as string)),
            `uses a placeholder Dispatch does not know; it knows ${PERMALINK_PLACEHOLDERS.map((n) => `:${n}`).join(", ")}`,
          ),
      )
      .default([]),
    // People, by slug: the name pages and feeds show, and the other spellings of it in bylines (a handle, an old
    // name), as Hugo's and Jekyll's author data files give them.
    authors: z
      .record(
        z.string().regex(SLUG, "author slugs are lowercase words joined by hyphens"),
        z
          .object({
            name: z.string().min(1),
            // Their own site or profile: the feeds' author uri, and a link on their page.
            url: z.url({ protocol: /^https?$/ }).optional(),
            aliases: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      )
      .default({}),
    topics: z
      .record(
        z.string().regex(SLUG, "topic slugs are lowercase words joined by hyphens"),
        z.object({ label: z.string().min(1), keywords: z.array(z.string().min(1)).min(1) }).strict(),
      )
      .default({}),
  })
  .strict()
  .refine((s) => !s.strictTransportSecurity || s.origin.startsWith("https://"), {
    path: ["strictTransportSecurity"],
    message: "needs an https origin",
  });

export type SiteConfig = z.output<typeof siteSchema>;

/** The address site.yaml gives the author called `name`, if any. */
export const authorUrlOf = (site: SiteConfig, name: string): string | undefined =>
  Object.values(site.authors).find((a) => a.name === name)?.url;
