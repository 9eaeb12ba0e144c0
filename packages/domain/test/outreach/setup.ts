import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createChannels, type Channels } from "@casebook/channels";
import { startProviderSimulator, startSmtpSink, type ProviderSimulator, type SmtpSink } from "@casebook/channels/sinks";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, type TestDatabase } from "@casebook/db/testing";
import { systemActor, type DomainContext } from "../../src";
import { testContext } from "../../src/testing";

export const API_KEY = "test-provider-api-key";
export const SIGNING_SECRET = "test-provider-signing-secret";

export interface OutreachHarness {
  t: TestDatabase;
  channels: Channels;
  sink: SmtpSink;
  sim: ProviderSimulator;
  ctx(now: Date): DomainContext;
  close(): Promise<void>;
}

/** A fresh migrated database with the default strategies, a real SMTP sink, a provider simulator and real adapters. */
export async function startHarness(options: { webhookUrl?: string } = {}): Promise<OutreachHarness> {
  const t = await createTestDatabase();
  await seedStrategiesAndTemplates(t.db);
  // Addresses starting with "bounce" are refused at RCPT TO (a synchronous bounce).
  const sink = await startSmtpSink({ port: 0, rejectRecipients: (address) => address.startsWith("bounce") });
  const sim = await startProviderSimulator({ port: 0, apiKey: API_KEY, signingSecret: SIGNING_SECRET, receiptDelayMs: 50, ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}) });
  const letterDir = await mkdtemp(path.join(tmpdir(), "casebook-letters-"));
  const channels = createChannels({
    NODE_ENV: "test",
    SMTP_URL: sink.url,
    EMAIL_FROM: "Casebook <no-reply@casebook.test>",
    PROVIDER_URL: sim.url,
    PROVIDER_API_KEY: API_KEY,
    PROVIDER_SIGNING_SECRET: SIGNING_SECRET,
    PROVIDER_TIMEOUT_MS: 5_000,
    LETTER_DIR: letterDir,
    LETTER_FONT_PATH: undefined,
    LETTER_FONT_FAMILY: undefined,
    LETTER_LETTERHEAD: "Casebook Collections",
    LETTER_LETTERHEAD_LINES: "",
  });
  const actor = systemActor("outreach-test");
  return {
    t,
    channels,
    sink,
    sim,
    ctx: (now) => testContext(t.db, actor, now),
    async close() {
      await channels.close().catch(() => undefined);
      await sim.close().catch(() => undefined);
      await sink.close().catch(() => undefined);
      await rm(letterDir, { recursive: true, force: true });
      await t.drop();
    },
  };
}
