import { defineConfig } from "@playwright/test";
import {
  AUTH_SECRET, BASE_URL, LOG_DIR, CLOCK_EPOCH_MS, CLOCK_START, DATABASE_URL, OUTBOX_DIR, PORT, PROVIDER_API_KEY, PROVIDER_SIGNING_SECRET,
  PROVIDER_SIM_PORT, QUEUE_PREFIX, SMTP_SINK_PORT,
} from "./e2e-env";

const clock = { CASEBOOK_CLOCK_START: CLOCK_START, CASEBOOK_CLOCK_EPOCH_MS: String(CLOCK_EPOCH_MS) };
const state = (who: string) => `.auth/${who}.json`;
const provider = { PROVIDER_API_KEY, PROVIDER_SIGNING_SECRET };

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalTeardown: "./global-teardown.ts",
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    viewport: { width: 1440, height: 1000 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "agent", testMatch: /agent\.spec\.ts/, dependencies: ["setup"], use: { storageState: state("agent1") } },
    { name: "agent-zh", testMatch: /agent-zh\.spec\.ts/, dependencies: ["agent"], use: { storageState: state("agent2") } },
    { name: "admin", testMatch: /admin(-[a-z]+)?\.spec\.ts/, dependencies: ["setup"], use: { storageState: state("admin") } },
    { name: "supervisor", testMatch: /supervisor\.spec\.ts/, dependencies: ["agent"], use: { storageState: state("supervisor") } },
    // Headers, bad ids, session revocation and the real client address (issue 10): own users, no stored state.
    { name: "security", testMatch: /security\.spec\.ts/, dependencies: ["setup"] },
    // Last: every log line the suite made the servers write, searched for the seeded people (issue 10).
    { name: "logs", testMatch: /logs\.spec\.ts/, dependencies: ["agent", "agent-zh", "admin", "supervisor", "security", "dashboards", "compliance", "imports", "portal"] },
    { name: "dashboards", testMatch: /dashboards(-[a-z]+)?\.spec\.ts/, dependencies: ["setup"], use: { storageState: state("supervisor") } },
    { name: "compliance", testMatch: /compliance\.spec\.ts/, dependencies: ["setup"], use: { storageState: state("officer") } },
    // Placement files through the console (issue 16): a client and a team of the test's own, so no seeded queue or dashboard moves.
    { name: "imports", testMatch: /imports\.spec\.ts/, dependencies: ["setup"], use: { storageState: state("admin") } },
    // The debtor's side on a phone (issue 17): a debtor, debts, clients and an agent of its own (global-setup.ts),
    // who signs in through the form: no stored state, so no dependency on `setup`.
    { name: "portal", testMatch: /portal\.spec\.ts/ },
  ],
  webServer: [
    {
      name: "web",
      // The database first (see global-setup.ts), then the BUILT app (turbo runs ^build before test:e2e).
      // `pnpm start`: next start with the peer-address preload (apps/web/peer-address.cjs). Its output is
      // kept in LOG_DIR for tests/logs.spec.ts (no personal data in any log line).
      command: `mkdir -p ${LOG_DIR} && pnpm exec tsx global-setup.ts && cd ../apps/web && pnpm start -p ${PORT} 2>&1 | tee ${LOG_DIR}/web.log >&2`,
      url: `${BASE_URL}/login`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL, AUTH_URL: BASE_URL, AUTH_SECRET, AUTH_TRUST_HOST: "true", CASEBOOK_E2E: "1", CASEBOOK_QUEUE_PREFIX: QUEUE_PREFIX,
        NEXT_TELEMETRY_DISABLED: "1", ...clock, ...provider,
        // The debtor portal (issue 17): its own session secret, and the provider simulator's hosted checkout.
        PORTAL_SESSION_SECRET: `${AUTH_SECRET}-portal`, PAYMENT_PROVIDER_URL: `http://127.0.0.1:${PROVIDER_SIM_PORT}`,
        PORTAL_UPLOAD_DIR: `${OUTBOX_DIR}/uploads`,
        // The import disk (issue 16): the worker reads each run's file by the absolute path stored on it.
        IMPORT_DIR: `${OUTBOX_DIR}/imports`,
      },
    },
    {
      name: "sinks",
      command: "pnpm --filter @casebook/channels sinks",
      wait: { stdout: /\[sinks\] SMTP sink on/ },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        SMTP_SINK_PORT: String(SMTP_SINK_PORT), PROVIDER_SIM_PORT: String(PROVIDER_SIM_PORT), SINK_OUTBOX_DIR: OUTBOX_DIR,
        CASEBOOK_WEBHOOK_URL: `${BASE_URL}/api/webhooks/provider`, PROVIDER_SIM_RECEIPT_DELAY_MS: "200", ...provider,
      },
    },
    {
      name: "worker",
      command: `mkdir -p ${LOG_DIR} && pnpm --filter @casebook/worker start 2>&1 | tee ${LOG_DIR}/worker.log`,
      wait: { stdout: /worker started/ },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        DATABASE_URL, CASEBOOK_QUEUE_PREFIX: QUEUE_PREFIX, NODE_ENV: "test", LOG_LEVEL: "info", ...clock, ...provider,
        SMTP_URL: `smtp://127.0.0.1:${SMTP_SINK_PORT}`, PROVIDER_URL: `http://127.0.0.1:${PROVIDER_SIM_PORT}`,
        LETTER_DIR: `${OUTBOX_DIR}/letters`, CASEBOOK_PUBLIC_URL: BASE_URL,
      },
    },
  ],
});
