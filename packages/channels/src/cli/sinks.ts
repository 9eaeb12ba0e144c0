// Starts the local SMTP sink and the SMS/voice provider simulator for development (the start
// script). Ports and the webhook target come from the environment; the outbox files under
// SINK_OUTBOX_DIR are what the console can show later.
import path from "node:path";
import { parseChannelsEnv } from "../env";
import { startProviderSimulator } from "../sinks/provider-simulator";
import { startSmtpSink } from "../sinks/smtp-sink";

const env = parseChannelsEnv(process.env);
const host = process.env.SINK_HOST ?? "127.0.0.1";
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2525);
const providerPort = Number(process.env.PROVIDER_SIM_PORT ?? 4010);
const webhookUrl = process.env.CASEBOOK_WEBHOOK_URL ?? "http://localhost:3000/api/webhooks/provider";
const outbox = path.resolve(process.env.SINK_OUTBOX_DIR ?? "var/outbox");
const receiptDelayMs = Number(process.env.PROVIDER_SIM_RECEIPT_DELAY_MS ?? 500);

const smtp = await startSmtpSink({ port: smtpPort, host, file: path.join(outbox, "email.jsonl") });
const provider = await startProviderSimulator({
  port: providerPort,
  host,
  apiKey: env.PROVIDER_API_KEY,
  signingSecret: env.PROVIDER_SIGNING_SECRET,
  webhookUrl,
  receiptDelayMs,
  file: path.join(outbox, "provider.jsonl"),
  logger: { info: (m) => console.log(m), warn: (m) => console.warn(m) },
});
console.log(`[sinks] SMTP sink on ${smtp.url}, provider simulator on ${provider.url}; receipts → ${webhookUrl}; outbox ${outbox}`);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  console.log(`[sinks] ${signal}: closing`);
  await Promise.allSettled([smtp.close(), provider.close()]);
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
