import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

// The field checks a placement record needs beyond types, each a pure function of the value (the API
// and the file import share them through placement-record.ts).

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** ISO 4217, as the runtime's ICU knows it (USD, CNY, GBP...). */
export function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** A real calendar date "YYYY-MM-DD" (no 31 February, no month 13). */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900;
}

/** The 50 states, DC and the territories with USPS codes. */
export const US_STATES: ReadonlySet<string> = new Set([
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
  "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
  "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
]);

export const isUsZip = (value: string): boolean => /^\d{5}(-\d{4})?$/.test(value);

const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = "10X98765432";

/** A PRC resident ID number (GB 11643-1999): 17 digits, a real birth date, and the ISO 7064 MOD 11-2 check character. */
export function isCnIdNumber(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  if (!isRealDate(`${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`)) return false;
  const sum = CN_WEIGHTS.reduce((t, w, i) => t + w * Number(v[i]), 0);
  return CN_CHECK[sum % 11] === v[17];
}

/** A phone number as the client sent it → E.164, read in the debtor's country when it has no +; null when it is not a valid number. */
export function toE164(value: string, country: string): string | null {
  const parsed = parsePhoneNumberFromString(value, /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined);
  if (!parsed || !isValidPhoneNumber(parsed.number)) return null;
  return parsed.number;
}
