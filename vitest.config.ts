import { defineConfig } from "vitest/config";

// One `vitest run` covers every test project: the Worker in workerd, the provider CLI as real
// processes, and the cross-cutting end-to-end suites.
export default defineConfig({
  test: {
    projects: ["./vitest.workers.config.ts", "./provider-cli/vitest.config.{ts,mts}", "./test/vitest.config.ts", "./dashboard/vitest.config.{ts,mts}"],
  },
});
