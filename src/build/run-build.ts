// A build with its outcome printed, as `npm run build`, `npm start` and the build step of `wrangler deploy` show it:
// the cleaning report, the warnings and a summary, or every problem.
import { ContentError, formatProblem } from "../content/problems.js";
import { type BuildOptions, type BuildResult, build } from "./build.js";
import { terminalProgress } from "./progress.js";

/** Bytes as every command prints a size: MiB with one decimal. */
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The summary a build prints: one screen, whatever the size of the archive. */
function formatSummary(r: BuildResult, ms: number): string {
  const s = r.summary;
  return [
    `Built content version ${s.version} in ${(ms / 1000).toFixed(1)} s`,
    `  ${s.articles.toLocaleString("en")} articles${s.drafts ? ` (${s.drafts} drafts)` : ""}, ${s.topics} topics, ${s.authors.toLocaleString("en")} authors, ${s.weeks} weeks`,
    `  ${s.routes.toLocaleString("en")} routes in ${s.shards} shards; ${s.values.toLocaleString("en")} KV values, ${mib(s.bytes)} (${(s.bytes / Math.max(1, s.articles) / 1024).toFixed(1)} KiB an article)`,
    `  largest value ${s.largestValue.path} ${(s.largestValue.bytes / 1024).toFixed(0)} KiB; largest shard ${(s.largestShard / 1024).toFixed(0)} KiB`,
    `  read ${s.filesRead.toLocaleString("en")} files afresh, rendered ${s.rendered.toLocaleString("en")} documents (${s.memoHits.toLocaleString("en")} unchanged), stored ${s.written.toLocaleString("en")} new values (${mib(s.writtenBytes)})`,
    `  reading ${(s.stages.read / 1000).toFixed(1)} s, rendering ${(s.stages.render / 1000).toFixed(1)} s, laying out ${(s.stages.layout / 1000).toFixed(1)} s, writing dist/ ${(s.stages.write / 1000).toFixed(1)} s`,
    `  dist: ${r.outDir}  values: ${r.storeDir}`,
  ].join("\n");
}

/** Runs a build and prints its outcome; resolves to the result, or undefined when the content has problems. */
export async function runBuild(options: BuildOptions, { quiet = false } = {}): Promise<BuildResult | undefined> {
  const started = performance.now();
  const progress = terminalProgress();
  try {
    const result = await build({ ...options, ...(progress ? { progress } : {}) });
    if (!quiet) process.stdout.write(result.report);
    for (const w of result.warnings) console.warn(`warning: ${formatProblem(w)}`);
    console.log(formatSummary(result, performance.now() - started));
    return result;
  } catch (e) {
    progress?.done();
    if (e instanceof ContentError) {
      for (const p of e.problems) console.error(formatProblem(p));
      console.error(`Build failed: ${e.problems.length} problem(s). dist/ was left as it was.`);
      process.exitCode = 1;
      return undefined;
    }
    throw e;
  }
}
