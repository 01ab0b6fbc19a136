// Number formatting and the plain-text tables the bench prints.

// Formatting -------------------------------------------------------------------------------------------------------

export const fmt = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
export const mib = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
export const ratio = (x: number) => (Number.isFinite(x) ? `${fmt(x, x < 10 ? 1 : 0)}×` : "–");

/** A table with a header row, numbers right-aligned (any cell that starts with a digit, sign or dash). */
export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = (s: string) => /^[-+–\d.]/.test(s);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [`\n${title}`, line(header), rule, ...rows.map(line)].join("\n");
}
