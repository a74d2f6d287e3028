import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "dashboard",
    environment: "node",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**"],
    globalSetup: ["./test/build.global-setup.ts"],
    testTimeout: 30_000,
    // The UI answers after a round trip to wrangler dev on busy shared cores.
    expect: { poll: { timeout: 8_000, interval: 100 } },
    hookTimeout: 90_000,
  },
});
