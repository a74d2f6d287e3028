import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "d1-migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, and a known admin token.
          bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: "test-admin-token-0123456789abcdef" },
        },
      }),
    ],
    test: {
      name: "workers",
      include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
    },
  };
});
