import { hash, verify } from "@node-rs/argon2";

// argon2id (RFC 9106's recommendation). The numeric value stands in for the package's `const enum`,
// which isolatedModules cannot inline.
const ARGON2ID = 2;

/** Hashes a password with argon2id; the PHC string carries its own salt and parameters. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

let decoy: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; false for a missing or malformed hash (OIDC-only users).
 *  A missing hash (an unknown user) still costs one argon2 verification, against a decoy hash, so the
 *  answer's timing does not tell who has an account. */
export async function verifyPassword(password: string, passwordHash: string | null | undefined): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
