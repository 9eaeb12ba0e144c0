import { z } from "zod";

// The webhook's own configuration: the secret the provider signs receipts and replies with.
// No default here: without a secret every request is refused (fail closed).
const WebhookEnv = z.object({
  PROVIDER_SIGNING_SECRET: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

/** The channels' published development secret, the one the local simulator signs with. */
const DEVELOPMENT_SIGNING_SECRET = "dev-provider-signing-secret";

export function webhookSecret(): string | undefined {
  const env = WebhookEnv.parse(process.env);
  // Development falls back to the published dev secret; production never accepts it, set or
  // defaulted: anyone could sign a forged receipt with it. Without a secret of its own every request
  // is refused (fail closed), and ./casebook start refuses to start (scripts/check-env.ts).
  if (env.NODE_ENV === "production") return env.PROVIDER_SIGNING_SECRET === DEVELOPMENT_SIGNING_SECRET ? undefined : env.PROVIDER_SIGNING_SECRET || undefined;
  return env.PROVIDER_SIGNING_SECRET || DEVELOPMENT_SIGNING_SECRET;
}
