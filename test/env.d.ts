import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Test-only binding set in vitest.workers.config.ts. */
      TEST_MIGRATIONS: D1Migration[];
      /** Loopback fake provider nodes (test/fixtures/fake-node). */
      FAKE_NODE_URL: string;
    }
  }
}
