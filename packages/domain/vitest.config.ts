import { defineConfig } from "vitest/config";

// Real PostgreSQL (a fresh database per file), real SMTP sink and provider simulator on a shared
// 2-core machine: generous timeouts, so a busy run is slow rather than red.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
