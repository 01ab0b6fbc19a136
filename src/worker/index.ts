// The Worker's entry: HTTP requests go to the Hono app. It never writes to KV: everything it serves was rendered by
// the build, and what it renders on request (a ?limit, an author's feed, an error page) it keeps in memory.
import { app } from "./app.js";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
