// The Worker's entry: HTTP requests go to the Hono app, the weekly cron renders finished digests.
import { app } from "./app.js";
import { renderFinishedDigests } from "./scheduled.js";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(renderFinishedDigests(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
