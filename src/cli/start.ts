// `npm start [-- --port N]`: serve content/ with its drafts on 127.0.0.1:8787 (or --port, -p, or PORT), rebuilt on
// every save (src/dev/start.ts).
import { parseArgs } from "node:util";
import { start } from "../dev/start.js";

const { values } = parseArgs({ options: { port: { type: "string", short: "p" } } });
const port = Number(values.port ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port takes a port number, not ${values.port ?? process.env.PORT}.`);
  process.exitCode = 1;
} else {
  const failed = await start(process.cwd(), port);
  if (failed) process.exitCode = failed;
}
