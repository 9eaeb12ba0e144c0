// Shared by playwright.config.ts, the database preparation and the tests. The config module is loaded in
// the runner and in every test worker: the database name and the clock are chosen once, in the runner,
// and handed to the rest through the environment.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { roleLoginUrl } from "@casebook/db/testing";

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const AUTH_DIR = join(E2E_DIR, ".auth");
export const ARTIFACTS_DIR = join(E2E_DIR, "artifacts");
export const FIXTURES_FILE = join(AUTH_DIR, "fixtures.json");
export const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://localhost:${PORT}`;

// The run's database has roles of its own, made like production's (packages/db/src/roles): the seed
// runs as its owner, the console and the worker log in as its runtime role, so the suite exercises
// the grants. The admin URL is a superuser's, used only to create and drop them.
const serverUrl = process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/casebook";
if (!process.env.E2E_DATABASE_URL) {
  const name = `casebook_test_e2e_${randomBytes(5).toString("hex")}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  process.env.E2E_DATABASE_ADMIN_URL = admin.toString();
  process.env.E2E_DATABASE_OWNER_URL = roleLoginUrl(serverUrl, `${name}_owner`, name);
  process.env.E2E_DATABASE_URL = roleLoginUrl(serverUrl, `${name}_app`, name);
}
/** The runtime role's URL: what the console and the worker are given. */
export const DATABASE_URL = process.env.E2E_DATABASE_URL!;
export const DATABASE_OWNER_URL = process.env.E2E_DATABASE_OWNER_URL!;
export const DATABASE_ADMIN_URL = process.env.E2E_DATABASE_ADMIN_URL!;
/** Where the console, the worker and the sinks write their output: read by tests/logs.spec.ts. */
export const LOG_DIR = join(E2E_DIR, "test-results", "logs");

/** The simulated clock: 19:30 UTC of the run's day, when every US zone (Eastern to Hawaii) is inside
 *  calling hours, so the suite's calls are lawful whatever the hour of the CI run. */
if (!process.env.E2E_CLOCK_START) {
  const t = new Date();
  t.setUTCHours(19, 30, 0, 0);
  process.env.E2E_CLOCK_START = t.toISOString();
  process.env.E2E_CLOCK_EPOCH_MS = String(Date.now());
}
export const CLOCK_START = process.env.E2E_CLOCK_START!;
export const CLOCK_EPOCH_MS = Number(process.env.E2E_CLOCK_EPOCH_MS);
export const QUEUE_PREFIX = (process.env.E2E_QUEUE_PREFIX ??= `casebook-e2e-${randomBytes(4).toString("hex")}`);
export const AUTH_SECRET = (process.env.E2E_AUTH_SECRET ??= randomBytes(32).toString("hex"));
export const PASSWORD = "casebook-demo";

/** The local SMTP sink and SMS/voice provider simulator the worker really sends to (packages/channels);
 *  the simulator posts signed delivery receipts back to the console's webhook. Ports away from the
 *  start script's 2525/4010. */
export const SMTP_SINK_PORT = Number(process.env.E2E_SMTP_PORT ?? 2725);
export const PROVIDER_SIM_PORT = Number(process.env.E2E_PROVIDER_PORT ?? 4210);
export const PROVIDER_API_KEY = (process.env.E2E_PROVIDER_API_KEY ??= `e2e-key-${randomBytes(8).toString("hex")}`);
export const PROVIDER_SIGNING_SECRET = (process.env.E2E_PROVIDER_SIGNING_SECRET ??= randomBytes(32).toString("hex"));
export const OUTBOX_DIR = join(E2E_DIR, "test-results", "outbox");

/** The simulated "now" of the servers. */
export const simNow = () => new Date(new Date(CLOCK_START).getTime() + (Date.now() - CLOCK_EPOCH_MS));

export interface Fixtures {
  callCaseA: { id: string; name: string };
  callCaseB: { id: string; name: string };
  cap7Case: { id: string; name: string; accountId: string };
  thirdPartyCase: { id: string; name: string; emergencyName: string };
  otherTeamCaseId: string;
  smsCase: { id: string; name: string };
  cap6Case: { id: string; name: string };
  callbackCase: { id: string; name: string };
  cnCase: { id: string; name: string; accountId: string };
  /** A client of its own (issue 14): the admin tightens its policy without moving other tests' figures. */
  policyCase: { id: string; name: string; clientCode: string };
  /** The debtor's side (issue 17): a person of its own with a debt to dispute and a debt to pay, at two clients of its own. */
  portal: {
    agentEmail: string; personId: string; dateOfBirth: string; phone: string;
    disputeCase: { id: string; accountId: string; creditor: string };
    payCase: { id: string; accountId: string; creditor: string };
  };
}
export const readFixtures = (): Fixtures => JSON.parse(readFileSync(FIXTURES_FILE, "utf8")) as Fixtures;
