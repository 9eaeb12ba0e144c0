import { randomBytes } from "node:crypto";

// Crockford base32: no I, L, O, U, so a code read over the phone is never misheard as another.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 8 characters = 40 bits from the CSPRNG. Unique in the ledger (the insert retries on a clash). */
export function newReferenceCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 7; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

export const REFERENCE_CODE_RE = /^[0-9A-HJKMNP-TV-Z]{8}$/;
