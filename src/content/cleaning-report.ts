// The cleaning report: what the cleaner removed from each clipping, by file and line, for an editor to review.
import type { FileReport } from "./article.js";

export function formatCleaningReport(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.file}: ${r.removals.length} removed, ${r.whitespaceFixes} line(s) with whitespace normalised`);
    for (const x of r.removals) lines.push(`  ${r.file}:${x.line}: ${x.kind}: ${x.text}`);
  }
  return `${lines.join("\n")}\n`;
}
