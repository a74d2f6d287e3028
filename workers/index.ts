import { createApp } from "./app";

export { TierRegistry } from "../durable-objects/tier-registry";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
