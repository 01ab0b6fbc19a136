// One build in a fresh process (spawned by bench/run.ts, which measures it from outside); prints the summary as JSON.
import { build } from "../src/build/build.js";

export interface BuildCaseInput {
  root: string;
  contentDir: string;
  outDir: string;
  cacheDir: string;
  now: number;
}

const input = JSON.parse(process.argv[2] ?? "") as BuildCaseInput;
const started = performance.now();
const result = await build(input);
const buildMs = performance.now() - started;
console.log(JSON.stringify({ buildMs, summary: result.summary, warnings: result.warnings.length }));
