import { defineConfig } from "vitest/config";

// These tests spawn real worker processes against real PostgreSQL, Redis and the provider simulator. Each
// file has its own database, queue prefix, ports and (where it needs one) private redis-server or
// pgbouncer, so files can run side by side; the suite mostly waits (sweeps, retries, recoveries), not
// computes: three files at a time took 267 s at load 20-25 against 557 s one at a time (user CPU ~97 s
// either way). Generous timeouts for a shared 2-core machine.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 3,
  },
});
