// Splits front matter (YAML, TOML or JSON) from a file and checks it against the schema, with the line of every problem.

import { parse as parseToml, TomlDate, TomlError } from "smol-toml";
import { z } from "zod";
import type { Unconfirmable } from "../shared/article.js";
import { xmlSafe } from "../shared/escape.js";
import { SLUG } from "../shared/routes.js";
import { ALIAS_NAMES, mapGeneratorFields } from "./generator-fields.js";
import type { Problem } from "./problems.js";
import { checkMapping, type LineOf, type ParsedYaml, parseYaml } from "./yaml.js";

/**
 * The forms of a date the generators write: a calendar date, or a date and time with `T` or a space between, seconds
 * and fraction optional, and an offset (`Z`, `+02:00`, Jekyll's `+0000`) or none (the site's time zone then).
 */
const DATE_FORMS = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

function isRealDate(s: string): boolean {
  const d = s.slice(0, 10);
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/**
 * One spelling of a date for the rest of the build: `2018-07-16`, `2018-07-16T09:30:00` (a wall time in the site's
 * time zone), or an RFC 3339 date-time with offset; undefined for anything else.
 */
function canonicalDate(value: string): string | undefined {
  const m = DATE_FORMS.exec(monthNameDate(value.trim()) ?? value.trim());
  if (!m?.[1] || !isRealDate(m[1])) return undefined;
  const [, date, hm, seconds = ":00", zone] = m;
  if (!hm) return date;
  const [h = 24, mi = 60] = hm.split(":").map(Number);
  if (h > 23 || mi > 59 || Number(seconds.slice(1, 3)) > 59) return undefined;
  const offset = zone === undefined ? "" : /z/i.test(zone) ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  return `${date}T${hm}${seconds}${offset}`;
}

const MONTHS = "january february march april may june july august september october november december".split(" ");

/**
 * A date written with the month's English name, as Astro's blog template (`pubDate: 'Jul 08 2022'`) and hand-written
 * front matter have it: "Jul 08 2022", "July 8, 2022", "8 July 2022", optionally with a time; as `YYYY-MM-DD[ hh:mm]`.
 */
function monthNameDate(value: string): string | undefined {
  const m =
    /^(?:[a-z]{3,9},?\s+)??(?:([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?)\s+(\d{4})(?:,?\s+(\d{1,2}:\d{2}(?::\d{2})?))?$/i.exec(
      value,
    );
  if (!m) return undefined;
  const name = (m[1] ?? m[4] ?? "").toLowerCase();
  // "Jul", "July", "Sept": at least three letters of one month's name.
  const month = MONTHS.findIndex((full) => name.length >= 3 && full.startsWith(name));
  if (month < 0) return undefined;
  const day = (m[2] ?? m[3] ?? "").padStart(2, "0");
  const time = m[6] ? ` ${m[6].replace(/^(\d):/, "0$1:")}` : "";
  return `${m[5]}-${String(month + 1).padStart(2, "0")}-${day}${time}`;
}

/** A date in any of DATE_FORMS; a refused one is named in the message, so the fix is plain. */
const dateField = z.unknown().transform((value, ctx) => {
  const date = typeof value === "string" ? canonicalDate(value) : undefined;
  if (date !== undefined) return date;
  ctx.addIssue({
    code: "custom",
    message:
      value === undefined
        ? "is required"
        : `must be a date (2018-07-16, or Jul 16 2018) or a date and time (2018-07-16T09:30:00-04:00, or 2018-07-16 09:30:00 +0000), not ${JSON.stringify(value)}`,
  });
  return z.NEVER;
});

/** Text fields lose what XML cannot carry, e.g. a "\\v" or "\\uFFFE" escape in a quoted YAML string. */
const text = z
  .string()
  .transform((s) => xmlSafe(s).trim())
  .pipe(z.string().min(1, "must not be empty"));

/** The fields `unconfirmed:` may name. */
export const UNCONFIRMABLE = ["byline", "date", "url"] as const satisfies readonly Unconfirmable[];

/**
 * What an article's front matter may hold, once other generators' fields are mapped (generator-fields.ts). Unknown keys
 * are errors, so a typo is never silently ignored.
 */
const frontMatterSchema = z
  .object({
    title: text.optional(),
    date: dateField,
    updated: dateField.optional(),
    publisher: text.optional(),
    byline: text.optional(),
    url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
    // The entry's picture: an absolute http(s) URL, a path on the site such as /images/a.jpg, or a file beside the
    // post (cover.jpg in a page bundle), which the build resolves to where that file is served.
    image: z
      .string()
      .refine(
        (s) => /^\/(?!\/)/.test(s) || /^https?:\/\/[^\s]+$/i.test(s) || /^(?![a-z][a-z0-9+.-]*:|\/\/)[^\s]+$/i.test(s),
        "must be an absolute http(s) URL, a path starting with /, or the name of a file beside the post",
      )
      .optional(),
    imageAlt: text.optional(),
    // Set from aliases, redirect_from and a path-valued url or permalink (generator-fields.ts).
    oldPaths: z
      .array(
        z
          .string()
          .refine((p) => /^\/(?!\/)[^\s?#]*$/.test(p), "must be a path on the old site, such as /2019/05/a-post/"),
      )
      .optional(),
    // A draft is shown by `npm start` (marked as a draft) and never published by `npm run deploy`.
    draft: z.boolean({ error: "must be true or false" }).optional(),
    topics: z.array(text, { error: "must be a list such as [russia, syria]" }).optional(),
    slug: z.string().regex(SLUG, "must be lowercase letters and digits joined by hyphens").optional(),
    summary: text.pipe(z.string().max(299, "must be under 300 characters")).optional(),
    clean: z
      .object({ keep: z.array(text).optional(), remove: z.array(text).optional() })
      .strict()
      .optional(),
    // Facts given above that are estimated or not confirmed against the original: pages say so beside them.
    unconfirmed: z
      .array(z.enum(UNCONFIRMABLE, { error: `must be one of ${UNCONFIRMABLE.join(", ")}` }), {
        error: "must be a list such as [byline, date]",
      })
      .optional(),
  })
  .strict();

export type FrontMatter = z.output<typeof frontMatterSchema>;

export interface ParsedFile {
  data?: FrontMatter;
  body: string;
  /** File line number of the body's first line. */
  bodyLine: number;
  problems: Problem[];
  /** The file line of a front-matter field (or list item), for problems about it; 1 when it is not there. */
  lineOf: LineOf;
  /** Fields set aside: only another generator's templates use them. */
  ignored: string[];
  /** The front matter is a redirect stub: `redirect` or `redirect_to`, and no date. */
  redirect?: boolean;
  /** The front matter is a site page's, not a post's: `layout: page` or `type: page` (Jekyll, Hugo), and no date. */
  page?: boolean;
}

/** Every key a front matter may write: Dispatch's own and the other generators'. */
const KNOWN = [...Object.keys(frontMatterSchema.shape), ...ALIAS_NAMES];

/** A Jekyll post's date, from its file name (`2013-02-06-a-post.md`), when the front matter gives none. */
const FILE_NAME_DATE = /^(\d{4}-\d{2}-\d{2})-/;

const firstLine: LineOf = () => 1;

/** The three front-matter formats, as Hugo tells them apart: by the fence (https://gohugo.io/content-management/front-matter/). */
type Format = "yaml" | "toml" | "json";

/** Where a file's front matter is: its format, its text, the file line before that text, and the body's first index. */
function fenced(lines: string[]): { format: Format; text: string; offset: number; close: number } | string {
  const first = lines[0]?.trimEnd();
  if (first === "{") {
    // JSON: the object, up to the first line that is only its closing brace.
    const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "}");
    if (close < 0) return "not closed: no line '}' ends the JSON object";
    return { format: "json", text: lines.slice(0, close + 1).join("\n"), offset: 0, close };
  }
  const fence = first === "---" ? "---" : first === "+++" ? "+++" : undefined;
  if (!fence) return "missing: the file must start with a line '---' (YAML), '+++' (TOML) or '{' (JSON)";
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === fence);
  if (close < 0) return `not closed: no second '${fence}' line`;
  return { format: fence === "---" ? "yaml" : "toml", text: lines.slice(1, close).join("\n"), offset: 1, close };
}

/**
 * The line of a top-level key in TOML or JSON front matter (`key =`, `"key":`), for problems about it; nested paths
 * point at their top-level key, and a key not there at line 1.
 */
function keyLines(format: "toml" | "json", text: string, offset: number): LineOf {
  const lines = text.split("\n");
  return (path) => {
    const key = String(path[0] ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = format === "toml" ? new RegExp(`^\\s*["']?${key}["']?\\s*=`) : new RegExp(`^\\s*"${key}"\\s*:`);
    const i = lines.findIndex((l) => pattern.test(l));
    return i < 0 ? 1 : i + 1 + offset;
  };
}

/** TOML's dates are objects; the schema reads the text a file would write (`2019-01-01`, `2019-01-01T10:00:00Z`). */
function datesAsText(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(datesAsText);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesAsText(v)]));
  return value;
}

/** TOML or JSON front matter to a mapping, or its syntax problem at its line. */
function parseOther(
  file: string,
  format: "toml" | "json",
  text: string,
  offset: number,
): { raw: Record<string, unknown> } | { problem: Problem } {
  try {
    const raw = format === "toml" ? datesAsText(parseToml(text)) : JSON.parse(text);
    if (!raw || typeof raw !== "object" || Array.isArray(raw))
      return { problem: { file, line: 1, field: format, message: "must be an object of field: value" } };
    return { raw: raw as Record<string, unknown> };
  } catch (e) {
    const line = e instanceof TomlError ? e.line + offset : 1;
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    return { problem: { file, line, field: format, message: message.replace(/^Invalid TOML document: /, "") } };
  }
}

/**
 * Parses the front matter at the top of `source` (YAML between `---` lines, TOML between `+++` lines, or a JSON
 * object, as Hugo reads them), with other generators' fields mapped and `moreIgnored` (site.yaml's `ignoreFields`)
 * set aside as their template-only fields are.
 */
export function parseFrontMatter(file: string, source: string, moreIgnored: readonly string[] = []): ParsedFile {
  const lines = source.split("\n");
  const where = fenced(lines);
  if (typeof where === "string") {
    const missing = where.startsWith("missing");
    return {
      body: missing ? source : "",
      bodyLine: missing ? 1 : lines.length,
      lineOf: firstLine,
      ignored: [],
      problems: [{ file, line: 1, field: "front matter", message: where }],
    };
  }
  const { format, text, offset, close } = where;
  const body = lines.slice(close + 1).join("\n");
  let ignored: string[] = [];
  let sourceOf: Record<string, string> = {};
  let redirect = false;
  let page = false;
  const prepare = (raw: Record<string, unknown>) => {
    redirect = ("redirect" in raw || "redirect_to" in raw) && !("date" in raw);
    const mapped = mapGeneratorFields(raw, moreIgnored);
    ignored = mapped.ignored;
    sourceOf = mapped.sourceOf;
    const fromName = FILE_NAME_DATE.exec(file.split("/").pop() ?? "")?.[1];
    if (mapped.data.date === undefined && fromName) mapped.data.date = fromName;
    page = mapped.data.date === undefined && (raw.layout === "page" || raw.type === "page");
    return { value: mapped.data, sourceOf: mapped.sourceOf };
  };
  const options = { prepare, known: KNOWN };
  let parsed: ParsedYaml<FrontMatter>;
  if (format === "yaml") parsed = parseYaml(file, text, frontMatterSchema, { lineOffset: offset, ...options });
  else {
    const lineOfKey = keyLines(format, text, offset);
    const other = parseOther(file, format, text, offset);
    parsed =
      "problem" in other
        ? { problems: [other.problem], lineOf: lineOfKey }
        : checkMapping(file, other.raw, frontMatterSchema, lineOfKey, options);
  }
  const { data, problems, lineOf: lineOfWritten } = parsed;
  // Checks after the schema name Dispatch's fields; the line is the one of the key the file writes (`lastmod`).
  const lineOf: LineOf = (path) => {
    const source = typeof path[0] === "string" ? sourceOf[path[0]] : undefined;
    return lineOfWritten(source === undefined ? path : [source, ...path.slice(1)]);
  };
  // The body starts on the line after the closing fence; a file that ends there (with or without a newline) has no
  // such line, and a problem about its body is reported at the fence, a line the file has.
  const fileLines = source.endsWith("\n") ? lines.length - 1 : lines.length;
  return {
    ...(data ? { data } : {}),
    body,
    bodyLine: Math.min(close + 2, fileLines),
    problems,
    lineOf,
    ignored,
    ...(redirect ? { redirect } : {}),
    ...(page ? { page } : {}),
  };
}
