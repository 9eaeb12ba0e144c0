import { defineConfig } from "vitest/config";

// These tests spawn real worker processes against real PostgreSQL, Redis and the provider
// simulator: one file at a time, generous timeouts on a shared 2-core machine.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
