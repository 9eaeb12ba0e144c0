import { defineConfig } from "vitest/config";

// Tests start real processes (a private redis-server, the roles CLI against PostgreSQL): generous timeouts
// on a shared 2-core machine.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 } });
