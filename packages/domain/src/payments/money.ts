import { ValidationError } from "../errors";

/** How many minor units a currency's major unit has, as ISO 4217 says (USD 2, CNY 2, JPY 0). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "12.50" → 1250 for a two-decimal currency; null when it is not a plain amount in that currency. */
export function toMinor(input: string, currency: string): number | null {
  const s = input.trim().replace(/[,\s]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  const digits = minorDigits(currency);
  const [whole, frac = ""] = s.replace("-", "").split(".");
  if (frac.length > digits) return null;
  const value = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, "0") || 0);
  return s.startsWith("-") ? -value : value;
}

/**
 * An amount typed in major units, scaled by the currency of the debt it pays (read on the server, never
 * a field the browser sends): "125.00" is 12500 cents of a USD debt, and "125.5" is refused for a
 * JPY debt, which has no minor unit. A bad amount names `field`.
 */
export function amountInCurrency(field: string, typed: string, currency: string): number {
  const minor = toMinor(typed, currency);
  if (minor === null || !Number.isSafeInteger(minor)) throw new ValidationError(field, "amount_format");
  if (minor <= 0) throw new ValidationError(field, "amount_not_positive");
  return minor;
}
