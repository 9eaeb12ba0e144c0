import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

const AuthEnv = z.object({
  // Auth.js signs and encrypts the session token with it: 32 bytes at least (RFC 7518's key size for
  // the A256 algorithms). Generated into .env by ./casebook start.
  AUTH_SECRET: z.string().refine((v) => Buffer.byteLength(v, "utf8") >= 32, "AUTH_SECRET must be at least 32 bytes (openssl rand -base64 32)").optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().default("SSO"),
  /** Reverse proxies whose X-Forwarded-For is believed (client-ip.ts). */
  AUTH_TRUSTED_PROXIES: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  NEXT_PHASE: z.string().optional(),
});
export type AuthEnv = z.infer<typeof AuthEnv>;

/** Throws, naming the variable, when AUTH_SECRET is shorter than 32 bytes, or missing where the
 *  console serves requests in production. */
export function readAuthEnv(source: EnvSource = process.env): AuthEnv {
  const env = parseEnv(AuthEnv, source);
  // `next build` imports this module without secrets; a server that serves requests needs one.
  if (!env.AUTH_SECRET && env.NODE_ENV === "production" && env.NEXT_PHASE !== "phase-production-build") {
    throw new Error("Invalid configuration: AUTH_SECRET is not set (at least 32 bytes; ./casebook start generates one into .env)");
  }
  return env;
}

/** OIDC is on only when all three variables are set. */
export function oidcEnabled(env: AuthEnv = readAuthEnv()): env is AuthEnv & { AUTH_OIDC_ISSUER: string; AUTH_OIDC_ID: string; AUTH_OIDC_SECRET: string } {
  return !!(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET);
}
