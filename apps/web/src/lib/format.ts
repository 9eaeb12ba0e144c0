import { minorDigits } from "@casebook/domain/money";

/** Money in minor units, shown by currency and the reader's locale (USD, CNY...). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 10 ** minorDigits(currency));
}

// Minor units and their scale are the domain's (the server scales an amount by the debt's currency);
// screens use the same functions to show amounts and the input step.
export { minorDigits, toMinor } from "@casebook/domain/money";

export function formatTime(at: Date, zone: string, locale: string, withDate = true): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    ...(withDate ? { month: "short", day: "numeric" } : {}),
    hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short",
  }).format(at);
}

export function formatDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(new Date(`${date}T00:00:00Z`));
}

/** The agent's clock and the debtor's, side by side (issue 5). */
export function dualTime(at: Date, agentZone: string, debtorZone: string, locale: string): { agent: string; debtor: string } {
  return { agent: formatTime(at, agentZone, locale), debtor: formatTime(at, debtorZone, locale) };
}

/** A wall-clock "YYYY-MM-DDTHH:MM" (datetime-local) in an IANA zone → the UTC instant; null if malformed. */
export function zonedToUtc(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that instant, found by formatting the guess back in the zone (one correction step).
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) - at;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}
