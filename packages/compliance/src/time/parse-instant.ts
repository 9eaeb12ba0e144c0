// ISO 8601 instants with an offset or Z, parsed by hand: Date.parse is several times slower, and a
// check reads fifty of them. Anything else (or an impossible date) is NaN.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

export function parseInstant(s: string): number {
  // YYYY-MM-DDTHH:MM[:SS[.f+]](Z|±HH:MM)
  if (s.length < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 116) || s.charCodeAt(13) !== 58) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    i += 3;
    if (s.charCodeAt(i) === 46) {
      const start = ++i;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      const n = i - start;
      if (n === 0 || n > 9) return NaN;
      ms = Math.floor(digits(s, start, Math.min(n, 3)) * 10 ** (3 - Math.min(n, 3)));
    }
  }
  let offset: number;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === s.length) offset = 0;
  else if ((z === 43 || z === 45) && i + 6 === s.length && s.charCodeAt(i + 3) === 58) {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (!(oh <= 23 && om <= 59)) return NaN;
    offset = (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59)) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}
