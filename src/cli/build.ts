// `npm run build [-- ROOT]`: builds dist/ and prints the cleaning report, the warnings and a summary; or every problem,
// and exits 1. The root defaults to this project.
import { resolve } from "node:path";
import { runBuild } from "../build/run-build.js";

await runBuild({ root: process.argv[2] ? resolve(process.argv[2]) : resolve(import.meta.dirname, "../..") });
