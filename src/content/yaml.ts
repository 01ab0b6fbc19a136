// YAML checked against a zod schema, every problem with the line of the field it concerns.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Problem } from "./problems.js";

/**
 * The file line of the value at `path` (a top-level key, or deeper: ["clean", "keep", 1] is the second item of
 * clean.keep). A path that is only partly there gives the line of its deepest part that is; none of it, line 1.
 */
export type LineOf = (path: readonly PropertyKey[]) => number;

export interface ParsedYaml<T> {
  /** Set only when there are no problems. */
  data?: T;
  problems: Problem[];
  lineOf: LineOf;
}

/**
 * Parses `text` (which starts at file line `lineOffset + 1`) and validates it. YAML syntax errors, unknown keys and
 * invalid values all come back as problems; `data` is set only when there are none.
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  lineOffset = 0,
): ParsedYaml<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  const lineOf: LineOf = (path) => {
    let line = 1;
    let node: unknown = doc.contents;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (!pair || !isScalar(pair.key) || !pair.key.range) break;
        line = lineAt(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key];
        const range = isScalar(item) || isMap(item) || isSeq(item) ? item.range : undefined;
        if (!range) break;
        line = lineAt(range[0]);
        node = item;
      } else {
        break;
      }
    }
    return line;
  };
  const problems: Problem[] = doc.errors.map((e) => ({
    file,
    line: (e.linePos?.[0]?.line ?? 1) + lineOffset,
    field: "yaml",
    // The parser's message ends "at line 3, column 1:", counting from the front matter, not the file: the file line
    // is the problem's own, so the parser's position goes.
    message: (e.message.split("\n")[0] ?? e.code).replace(/\s*at line \d+, column \d+:?$/, "").replace(/:$/, ""),
  }));
  if (problems.length > 0) return { problems, lineOf };
  if (!isMap(doc.contents)) {
    return {
      problems: [{ file, line: lineOffset + 1, field: "yaml", message: "must be a mapping of field: value" }],
      lineOf,
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { data: result.data, problems, lineOf };
  for (const issue of result.error.issues) {
    const field = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(top)";
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({ file, line: lineOf(path), field: field(path), message: "unknown field" });
      }
      continue;
    }
    const missing = issue.path.length === 1 && doc.get(issue.path[0]) === undefined;
    problems.push({
      file,
      line: lineOf(issue.path),
      field: field(issue.path),
      message: missing ? "is required" : issue.message,
    });
  }
  return { problems, lineOf };
}
