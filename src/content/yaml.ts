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

/** A mapping rewritten before it is validated: the new mapping, and for each key that was renamed, the key written. */
export type Prepare = (raw: Record<string, unknown>) => {
  value: Record<string, unknown>;
  sourceOf: Record<string, string>;
};

export interface YamlOptions {
  /** Lines before `text` in its file. */
  lineOffset?: number;
  prepare?: Prepare;
  /** Every key a file may write, to suggest the closest one for an unknown key. */
  known?: readonly string[];
}

/** Edit distance (insertions, deletions, substitutions), case-blind: how far a typo is from a field name. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[y.length] as number;
}

/** "unknown field", with the closest known key when one is within two edits (a third of a short key). */
function unknownField(key: string, known: readonly string[]): string {
  const best = known
    .map((k) => ({ k, d: distance(key, k) }))
    .filter(({ k, d }) => d <= Math.min(2, Math.ceil(k.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return best ? `unknown field; did you mean ${best.k}?` : "unknown field";
}

/**
 * Parses `text` (which starts at file line `lineOffset + 1`), rewrites it with `prepare` when given, and validates it.
 * YAML syntax errors, unknown keys and invalid values all come back as problems, each naming the key as the file
 * writes it; `data` is set only when there are none.
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  { lineOffset = 0, prepare, known = [] }: YamlOptions = {},
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
  return checkMapping(file, doc.toJS() as Record<string, unknown>, schema, lineOf, { prepare, known });
}

/**
 * Validates a parsed mapping (from YAML, TOML or JSON), rewritten with `prepare` when given: unknown keys and invalid
 * values come back as problems at `lineOf`'s lines, each naming the key as the file writes it; `data` is set only
 * when there are none.
 */
export function checkMapping<S extends z.ZodType>(
  file: string,
  raw: Record<string, unknown>,
  schema: S,
  lineOf: LineOf,
  { prepare, known = [] }: Omit<YamlOptions, "lineOffset"> = {},
): ParsedYaml<z.output<S>> {
  const problems: Problem[] = [];
  const prepared: { value: unknown; sourceOf: Record<string, string> } = prepare
    ? prepare(raw)
    : { value: raw, sourceOf: {} };
  const result = schema.safeParse(prepared.value);
  if (result.success) return { data: result.data, problems, lineOf };
  // A path as the file writes it: a field that came from an alias (`topics` from `tags`) is named by the alias.
  const written = (path: readonly PropertyKey[]): PropertyKey[] => {
    const [first, ...rest] = path;
    const source = typeof first === "string" ? prepared.sourceOf[first] : undefined;
    return source === undefined ? [...path] : [source, ...rest];
  };
  const field = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(top)";
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = written([...issue.path, key]);
        const message = issue.path.length === 0 ? unknownField(key, known) : "unknown field";
        problems.push({ file, line: lineOf(path), field: field(path), message });
      }
      continue;
    }
    const path = written(issue.path);
    const missing = issue.path.length === 1 && raw[String(path[0])] === undefined;
    problems.push({ file, line: lineOf(path), field: field(path), message: missing ? "is required" : issue.message });
  }
  return { problems, lineOf };
}
