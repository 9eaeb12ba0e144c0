// Packages that consume this one as source compile this file too: the untyped module's declaration
// must travel with it, which only a reference does (an import of a declaration script is not allowed).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../zipcode-to-timezone.d.ts" />
import zipcodeToTimezone from "zipcode-to-timezone";
import { COUNTRY_ZONES } from "../data/country-zones";
import { CALLING_CODE_ZONES, NANP_AREA_CODE_ZONES } from "../data/nanp-area-codes";
import { US_STATE_ZONES, stateForZip } from "../data/us-states";
import type { Consumer, Location } from "../schemas";

// tz links that the ZIP dataset still uses; canonical names keep decisions comparable.
const CANONICAL: Readonly<Record<string, string>> = { "America/Shiprock": "America/Denver" };

type ConsumerZoneInput = Pick<Consumer, "country" | "timeZones" | "locations">;

/**
 * Every IANA zone the person may be in (US-REGF-TIME-MULTITZ): the explicit zones when given, else the
 * union over every location, else every zone of the country. Empty means nothing is known, and every
 * rule that needs a local time then fails closed.
 */
export function resolveTimeZones(consumer: ConsumerZoneInput): string[] {
  if (consumer.timeZones && consumer.timeZones.length > 0) return unique(consumer.timeZones);
  const country = consumer.country.toUpperCase();
  const countryZones = COUNTRY_ZONES[country] ?? [];
  const zones: string[] = [];
  for (const location of consumer.locations ?? []) {
    // A location that cannot be placed is ambiguous, not absent: it widens to the whole country.
    zones.push(...(zonesForLocation(location, country) ?? countryZones));
  }
  if (zones.length === 0) zones.push(...countryZones);
  return unique(zones);
}

export function zonesForLocation(location: Location, country: string): readonly string[] | undefined {
  return location.type === "phone" ? zonesForPhone(location.number) : zonesForAddress(location.region, location.postalCode, country);
}

export function zonesForPhone(number: string): readonly string[] | undefined {
  const digits = number.replace(/[\s().-]/g, "");
  if (!digits.startsWith("+")) return undefined;
  const e164 = digits.slice(1);
  if (!/^\d{6,15}$/.test(e164)) return undefined;
  if (e164.startsWith("1")) return e164.length === 11 ? NANP_AREA_CODE_ZONES.get(e164.slice(1, 4)) : undefined;
  for (const [code, zones] of CALLING_CODE_ZONES) if (e164.startsWith(code)) return zones;
  return undefined;
}

export function zonesForAddress(region: string | undefined, postalCode: string | undefined, country: string): readonly string[] | undefined {
  if (country !== "US") return region || postalCode ? COUNTRY_ZONES[country] : undefined;
  const state = region?.trim().toUpperCase();
  const stateZones = state ? US_STATE_ZONES[state] : undefined;
  const zip = postalCode?.trim().slice(0, 5);
  if (zip && /^\d{5}$/.test(zip)) {
    const zipState = stateForZip(zip);
    const raw = zipcodeToTimezone.lookup(zip);
    const zipZone = raw ? (CANONICAL[raw] ?? raw) : undefined;
    const zipStateZones = zipState ? US_STATE_ZONES[zipState] : undefined;
    const zones: string[] = [];
    // The ZIP dataset is exact only inside single-zone states; along a state's internal zone line it
    // is wrong often enough (checked: Bowling Green KY, Ontario OR, Hammond IN) that a ZIP in a split
    // state stands for every zone of that state.
    if (zipStateZones && zipStateZones.length > 1) zones.push(...zipStateZones);
    else if (zipZone) zones.push(zipZone);
    else if (zipStateZones) zones.push(...zipStateZones);
    // Address state and ZIP disagree: the person may be in either.
    if (stateZones && (!zipState || zipState !== state)) zones.push(...stateZones);
    if (zones.length > 0) return unique(zones);
  }
  return stateZones;
}

function unique(zones: readonly string[]): string[] {
  return [...new Set(zones)];
}
