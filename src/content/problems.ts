// Build problems, collected for every file and reported together as content/FILE:LINE: field: message.

export interface Problem {
  /** Path relative to the project, e.g. content/2018-07-16-foo.txt. */
  file: string;
  /** 1-based line; 1 when the problem concerns the whole file. */
  line: number;
  /** Front-matter field, or "file", "body", "yaml", "encoding"... */
  field: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}`;
}

/** Thrown by the build when any file has a problem; carries all of them. */
export class ContentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in content:\n${problems.map(formatProblem).join("\n")}`,
    );
    this.name = "ContentError";
  }
}
