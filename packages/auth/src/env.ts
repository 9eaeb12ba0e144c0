import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

const AuthEnv = z.object({
  AUTH_SECRET: z.string().min(16).optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().default("SSO"),
});
export type AuthEnv = z.infer<typeof AuthEnv>;

export function readAuthEnv(source: EnvSource = process.env): AuthEnv {
  return parseEnv(AuthEnv, source);
}

/** OIDC is on only when all three variables are set. */
export function oidcEnabled(env: AuthEnv = readAuthEnv()): env is AuthEnv & { AUTH_OIDC_ISSUER: string; AUTH_OIDC_ID: string; AUTH_OIDC_SECRET: string } {
  return !!(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET);
}
