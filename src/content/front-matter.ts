// Splits YAML front matter from a file and checks it against the schema, with the line of every problem.

import { z } from "zod";
import type { Unconfirmable } from "../shared/article.js";
import { xmlSafe } from "../shared/escape.js";
import { SLUG } from "../shared/routes.js";
import type { Problem } from "./problems.js";
import { type LineOf, parseYaml } from "./yaml.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isRealDate(s: string): boolean {
  const d = s.slice(0, 10);
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** A calendar date (taken in the site's time zone) or an RFC 3339 date-time with offset. */
const dateField = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be a date such as 2018-07-16") })
  .refine((s) => (DATE.test(s) || DATE_TIME.test(s)) && isRealDate(s), {
    message: "must be a date (2018-07-16) or an RFC 3339 date-time with offset (2018-07-16T09:30:00-04:00)",
  });

/** Text fields lose what XML cannot carry, e.g. a "\\v" or "\\uFFFE" escape in a quoted YAML string. */
const text = z
  .string()
  .transform((s) => xmlSafe(s).trim())
  .pipe(z.string().min(1, "must not be empty"));

/** The fields `unconfirmed:` may name. */
export const UNCONFIRMABLE = ["byline", "date", "url"] as const satisfies readonly Unconfirmable[];

/** What an article's front matter may hold. Unknown keys are errors, so a typo is never silently ignored. */
const frontMatterSchema = z
  .object({
    title: text.optional(),
    date: dateField,
    updated: dateField.optional(),
    publisher: text.optional(),
    byline: text.optional(),
    url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
    // The entry's picture: an absolute http(s) URL, or a path on the site such as /images/a.jpg.
    image: z
      .string()
      .refine(
        (s) => /^\/(?!\/)/.test(s) || /^https?:\/\/[^\s]+$/i.test(s),
        "must be an absolute http(s) URL or a path starting with /",
      )
      .optional(),
    imageAlt: text.optional(),
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
}

const firstLine: LineOf = () => 1;

/** Parses `---` fenced YAML front matter at the top of `source`. */
export function parseFrontMatter(file: string, source: string): ParsedFile {
  const lines = source.split("\n");
  if (lines[0]?.trimEnd() !== "---") {
    return {
      body: source,
      bodyLine: 1,
      lineOf: firstLine,
      problems: [{ file, line: 1, field: "front matter", message: "missing: the file must start with a line '---'" }],
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  if (close < 0) {
    return {
      body: "",
      bodyLine: lines.length,
      lineOf: firstLine,
      problems: [{ file, line: 1, field: "front matter", message: "not closed: no second '---' line" }],
    };
  }
  const yamlText = lines.slice(1, close).join("\n");
  const body = lines.slice(close + 1).join("\n");
  // YAML lines are offset by the opening '---'.
  const { data, problems, lineOf } = parseYaml(file, yamlText, frontMatterSchema, 1);
  // The body starts on the line after the closing '---'; a file that ends there (with or without a newline) has no
  // such line, and a problem about its body is reported at the fence, a line the file has.
  const fileLines = source.endsWith("\n") ? lines.length - 1 : lines.length;
  return { ...(data ? { data } : {}), body, bodyLine: Math.min(close + 2, fileLines), problems, lineOf };
}
