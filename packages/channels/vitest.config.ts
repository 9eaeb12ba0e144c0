import { defineConfig } from "vitest/config";

// Real servers and PDF rendering on a 2-core machine shared with other suites: generous timeouts
// so a busy CI run is slow rather than red.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
