// `npm run build`: builds dist/ and prints the cleaning report, or every content problem and exits 1.
import { resolve } from "node:path";
import { build } from "./build.js";
import { ContentError, formatProblem } from "./problems.js";

export async function runBuild(root = resolve(import.meta.dirname, "../..")): Promise<string | undefined> {
  try {
    const { bundle, report, warnings, outDir } = await build({ root });
    process.stdout.write(report);
    for (const w of warnings) console.warn(`warning: ${w}`);
    const { articles, topics, weeks, routes } = bundle.index;
    console.log(
      `Built content version ${bundle.version}: ${articles.length} articles, ${topics.length} topics, ` +
        `${weeks.length} weeks, ${Object.keys(routes).length} pre-rendered routes, ${bundle.entries.length} KV entries in ${outDir}`,
    );
    return bundle.version;
  } catch (e) {
    if (e instanceof ContentError) {
      for (const p of e.problems) console.error(formatProblem(p));
      console.error(`Build failed: ${e.problems.length} problem(s). dist/ was left as it was.`);
      process.exitCode = 1;
      return undefined;
    }
    throw e;
  }
}

// `tsx src/build/cli.ts [root]`: the root defaults to this project.
if (import.meta.url === `file://${process.argv[1]}`)
  await runBuild(process.argv[2] ? resolve(process.argv[2]) : undefined);
