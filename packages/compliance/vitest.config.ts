import { defineConfig } from "vitest/config";

// The property tests run hundreds of generated dialler histories each: seconds of CPU that a busy
// 2-core machine stretches past vitest's 5 s default. A slow run must be slow, not red.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
