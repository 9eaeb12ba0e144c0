import { z } from "zod";

// The webhook's own configuration: the secret the provider signs receipts and replies with.
// No default here: without a secret every request is refused (fail closed).
const WebhookEnv = z.object({
  PROVIDER_SIGNING_SECRET: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export function webhookSecret(): string | undefined {
  const env = WebhookEnv.parse(process.env);
  // Development falls back to the channels' published dev secret, the one the local simulator uses;
  // a production start never does (every request is then refused: fail closed).
  return env.PROVIDER_SIGNING_SECRET ?? (env.NODE_ENV === "production" ? undefined : "dev-provider-signing-secret");
}
