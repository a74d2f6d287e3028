import { createApp } from "./app";
import { handleUsageBatch } from "./queue";
import { runScheduled } from "./cron";
import type { UsageEvent } from "./usage/usage-event";

export { TierRegistry } from "../durable-objects/tier-registry";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env, _ctx) => handleUsageBatch(batch, env),
  scheduled: (controller, env, ctx) => {
    ctx.waitUntil(runScheduled(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, UsageEvent>;
