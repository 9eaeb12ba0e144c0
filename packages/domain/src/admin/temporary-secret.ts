import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A temporary password an admin hands over once: 18 random bytes (144 bits), base64url. It opens only
 *  the page where the user sets their own (users.passwordChangeRequired). */
export function generateTemporaryPassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * A client API key: `cbk_<prefix>_<secret>`. The prefix (8 hex) is stored in clear so an admin can
 * recognise a key and a request can find its row; the whole key is stored only as SHA-256. A plain fast
 * hash is right here, unlike for passwords: the secret is 32 random bytes, so there is nothing to guess.
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString("hex");
  const key = `cbk_${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function apiKeyPrefix(key: string): string | null {
  const m = /^cbk_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/.exec(key);
  return m ? m[1]! : null;
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
