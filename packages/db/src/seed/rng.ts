// A small seeded PRNG for the hot loop: faker is used only to fill pools at start-up (names, streets),
// because calling it per row costs more than the whole COPY.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed ^ 0x9e3779b9) >>> 0;
  }
  /** mulberry32 */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  next(): number {
    return this.u32() / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Pick by weight from precomputed cumulative weights. */
  pickWeighted<T>(items: readonly T[], cumulative: readonly number[]): T {
    const x = this.next() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  }
  /** Log-normal-ish amount between min and max, skewed to the low end like real balances. */
  skewed(min: number, max: number): number {
    const x = this.next();
    return Math.round(min + (max - min) * x * x * x);
  }
  /** A v4-shaped UUID from the seeded stream, so a seed number always yields the same ids. */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return (
      HEX[a >>> 24]! + HEX[(a >>> 16) & 255]! + HEX[(a >>> 8) & 255]! + HEX[a & 255]! + "-" +
      HEX[b >>> 24]! + HEX[(b >>> 16) & 255]! + "-" +
      HEX[((b >>> 8) & 15) | 64]! + HEX[b & 255]! + "-" +
      HEX[((c >>> 24) & 63) | 128]! + HEX[(c >>> 16) & 255]! + "-" +
      HEX[(c >>> 8) & 255]! + HEX[c & 255]! + HEX[d >>> 24]! + HEX[(d >>> 16) & 255]! + HEX[(d >>> 8) & 255]! + HEX[d & 255]!
    );
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

// Crockford base32 without I, L, O, U: a code read over the phone cannot be misheard as another.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Unique 8-character reference codes: a keyed 40-bit Feistel permutation of a counter, so codes are
 *  collision-free by construction (random codes would collide among millions) yet look random. */
export class ReferenceCodes {
  private readonly keys: number[];
  private counter = 0;
  constructor(seed: number) {
    const rng = new Rng(seed ^ 0x5eed_c0de);
    this.keys = [rng.u32(), rng.u32(), rng.u32(), rng.u32()];
  }
  next(): string {
    let left = Math.floor(this.counter / 1048576) & 0xfffff;
    let right = this.counter % 1048576;
    this.counter++;
    for (const key of this.keys) {
      const f = (Math.imul(right ^ key, 0x2c1b3c6d) >>> 12) & 0xfffff;
      [left, right] = [right, left ^ f];
    }
    const value = left * 1048576 + right;
    let code = "";
    for (let i = 7; i >= 0; i--) code += CROCKFORD[Math.floor(value / 2 ** (i * 5)) % 32];
    return code;
  }
}
