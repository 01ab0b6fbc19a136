// What every publishing command (deploy, versions, rollback, prune) is given: the project it runs in, where it
// prints, and how its KV target is made, so the same `main` runs as an npm script and in a test.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { KvTarget, TargetOptions } from "./kv-target.js";
import { KvTarget as Target } from "./kv-target.js";

export interface CommandContext {
  /** The project: where wrangler.toml, site.yaml and content/ are. npm runs scripts there. */
  root: string;
  say: (line: string) => void;
  warn: (line: string) => void;
  /** Options for the KV target beyond root and where (tests: a stand-in's environment, short timeouts). */
  target?: Partial<TargetOptions>;
}

export const targetFor = (ctx: CommandContext, local: boolean): KvTarget =>
  new Target({ log: ctx.warn, ...ctx.target, root: ctx.root, where: local ? "local" : "remote" });

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
