import { z } from "zod";

const AuthEnv = z.object({
  AUTH_SECRET: z.string().min(16).optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().default("SSO"),
});
export type AuthEnv = z.infer<typeof AuthEnv>;

export function readAuthEnv(source: Record<string, string | undefined> = process.env): AuthEnv {
  const parsed = AuthEnv.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** OIDC is on only when all three variables are set. */
export function oidcEnabled(env: AuthEnv = readAuthEnv()): env is AuthEnv & { AUTH_OIDC_ISSUER: string; AUTH_OIDC_ID: string; AUTH_OIDC_SECRET: string } {
  return !!(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET);
}
