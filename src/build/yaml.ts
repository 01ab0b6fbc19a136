// YAML checked against a zod schema, every problem with the line of the field it concerns.
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Problem } from "./problems.js";

/**
 * Parses `text` (which starts at file line `lineOffset + 1`) and validates it. YAML syntax errors, unknown keys and
 * invalid values all come back as problems; `data` is set only when there are none.
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  lineOffset = 0,
): { data?: z.output<S>; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? lineOffset + 1 : lineCounter.linePos(offset).line + lineOffset;
  const problems: Problem[] = doc.errors.map((e) => ({
    file,
    line: (e.linePos?.[0]?.line ?? 1) + lineOffset,
    field: "yaml",
    message: e.message.split("\n")[0] ?? e.code,
  }));
  if (problems.length > 0) return { problems };
  const contents = doc.contents;
  if (!isMap(contents)) {
    return { problems: [{ file, line: lineOffset + 1, field: "yaml", message: "must be a mapping of field: value" }] };
  }
  const keyLine = (key: PropertyKey | undefined): number => {
    const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
    return pair && isScalar(pair.key) ? lineAt(pair.key.range?.[0]) : Math.max(1, lineOffset);
  };
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { data: result.data, problems };
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
      for (const key of issue.keys) problems.push({ file, line: keyLine(key), field: key, message: "unknown field" });
      continue;
    }
    const [top] = issue.path;
    const field = issue.path.map(String).join(".") || "(top)";
    const missing = issue.path.length === 1 && doc.get(top) === undefined;
    problems.push({ file, line: keyLine(top), field, message: missing ? "is required" : issue.message });
  }
  return { problems };
}
