import { defineConfig } from "vitest/config";

// Integration tests against the real PostgreSQL of DATABASE_URL, one fresh database per test file.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
