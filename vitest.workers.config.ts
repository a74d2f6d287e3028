import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "d1-migrations"));
  return {
    plugins: [
      cloudflareTest((ctx) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, a known admin token, the fake nodes' URL,
          // and short stream timeouts so stall tests finish fast.
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
            FAKE_NODE_URL: ctx.inject("fakeNodeUrl"),
            STREAM_IDLE_TIMEOUT_MS: "800",
            SSE_KEEPALIVE_MS: "200",
            UPSTREAM_TIMEOUT_MS: "3000",
          },
        },
      })),
    ],
    test: {
      name: "workers",
      include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts", "protocol/**/*.test.ts"],
      globalSetup: ["./test/fake-nodes.global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
    },
  };
});
