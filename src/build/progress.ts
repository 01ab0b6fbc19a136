// Progress of a long build on a terminal: one line rewritten in place, at most ten times a second. Silent when
// standard error is not a terminal, or in CI, so logs hold only the summary.

export interface Progress {
  /** A new stage ("reading", "rendering", "storing") with the number of steps it will take, if known. */
  stage(name: string, total?: number): void;
  tick(n?: number): void;
  /** Clears the line. */
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress | undefined {
  if (!stream.isTTY || process.env.CI) return undefined;
  let name = "";
  let total: number | undefined;
  let count = 0;
  let shownAt = 0;
  const show = (force = false) => {
    const now = Date.now();
    if (!force && now - shownAt < 100) return;
    shownAt = now;
    const of = total === undefined ? "" : ` of ${total.toLocaleString("en")}`;
    stream.write(`\r\x1b[2K${name}: ${count.toLocaleString("en")}${of}`);
  };
  return {
    stage(next, steps) {
      name = next;
      total = steps;
      count = 0;
      show(true);
    },
    tick(n = 1) {
      count += n;
      show();
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
