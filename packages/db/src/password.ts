import { hash, verify } from "@node-rs/argon2";

// argon2id (RFC 9106's recommendation). The numeric value stands in for the package's `const enum`,
// which isolatedModules cannot inline.
const ARGON2ID = 2;

/** Hashes a password with argon2id; the PHC string carries its own salt and parameters. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** True when `password` matches `passwordHash`; false for a missing or malformed hash (OIDC-only users). */
export async function verifyPassword(password: string, passwordHash: string | null | undefined): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
