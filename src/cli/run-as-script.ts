// Runs a command's `main` as the npm script it is: in the current folder, printing to the terminal, its result the
// exit code. Tests call the same `main` with a context of their own.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { CommandContext } from "../publish/command.js";

/** Runs `main` as the npm script it is, in the current folder, when this module is the entry point. */
export async function runAsScript(
  url: string,
  main: (args: string[], ctx: CommandContext) => Promise<number>,
): Promise<void> {
  if (!process.argv[1] || url !== pathToFileURL(realpathSync(process.argv[1])).href) return;
  process.exitCode = await main(process.argv.slice(2), {
    root: process.cwd(),
    say: (line) => console.log(line),
    warn: (line) => console.error(line),
  });
}
