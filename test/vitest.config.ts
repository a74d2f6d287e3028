import { defineConfig } from "vitest/config";

// Live-stack suites: each file starts its own wrangler dev, provider CLIs and fake Ollama
// servers, so files run one after another (2 shared cores) with generous timeouts.
export default defineConfig({
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "fixtures/**"],
    passWithNoTests: true,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
