import { randomFillSync } from "node:crypto";

// Crockford base32: no I, L, O, U, so a code read over the phone is never misheard as another.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The CSPRNG's bytes are drawn a pool at a time (a dispatch batch draws a hundred codes): one call
// into the generator per 200 codes instead of one each. Every byte is used once.
const POOL = Buffer.alloc(1000);
let used = POOL.length;

/** 8 characters = 40 bits from the CSPRNG. Unique in the ledger (the insert retries on a clash). */
export function newReferenceCode(): string {
  if (used + 5 > POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  // 40 bits as two halves of 20 (4 characters each): exact in a double, no BigInt.
  const hi = (POOL[used]! << 12) | (POOL[used + 1]! << 4) | (POOL[used + 2]! >> 4);
  const lo = ((POOL[used + 2]! & 15) << 16) | (POOL[used + 3]! << 8) | POOL[used + 4]!;
  used += 5;
  let out = "";
  for (let i = 15; i >= 0; i -= 5) out += ALPHABET[(hi >> i) & 31];
  for (let i = 15; i >= 0; i -= 5) out += ALPHABET[(lo >> i) & 31];
  return out;
}

export const REFERENCE_CODE_RE = /^[0-9A-HJKMNP-TV-Z]{8}$/;
