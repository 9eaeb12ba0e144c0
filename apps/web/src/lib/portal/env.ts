import { z } from "zod";

// The debtor portal's own configuration (issue 17): its session is signed with a secret of its own, never
// the staff's AUTH_SECRET, so neither kind of cookie can ever be taken for the other.
const PortalEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORTAL_SESSION_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** Where the debtors' dispute documents are stored (one file per document, named by its id). */
  PORTAL_UPLOAD_DIR: z.string().min(1).default("var/uploads"),
  /** The payment provider's hosted checkout: the local simulator (the provider simulator's /checkout) by default. */
  PAYMENT_PROVIDER_URL: z.url().default("http://127.0.0.1:4010"),
  /** This app's public address, for the provider's callback and the payer's way back. */
  AUTH_URL: z.url().default("http://localhost:3000"),
});

const DEVELOPMENT_SECRET = "dev-portal-session-secret-not-for-production-use";

export function readPortalEnv() {
  const env = PortalEnv.parse(process.env);
  // Production refuses to sign sessions with a published secret: a missing one stops the portal.
  if (env.NODE_ENV === "production" && !env.PORTAL_SESSION_SECRET) throw new Error("PORTAL_SESSION_SECRET is required in production");
  return { ...env, sessionSecret: env.PORTAL_SESSION_SECRET ?? DEVELOPMENT_SECRET };
}
