// What every publishing command (deploy, versions, rollback, prune) is given: the project it runs in, where it
// prints, and how its KV target is made, so the same `main` runs as an npm script and in a test.
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
