import { z } from "zod";
import { isCnIdNumber, isKnownCurrency, isRealDate, isUsZip, toE164, US_STATES } from "./checks";

/**
 * One account placed by a client, flat: the shape of a row of a placement file (after its column
 * mapping) and of the API's single placement. Amounts are integer minor units of `currency`; dates
 * "YYYY-MM-DD". `today` (the debtor side's calendar date at the placement) refuses a future charge-off.
 * Every issue names its field and an ERROR_MESSAGES key, so a quarantine row reads "field: reason".
 */
export const PLACEMENT_FIELDS = [
  "accountReference", "originalCreditor", "product", "currency", "principalMinor", "interestMinor", "feesMinor", "balanceMinor",
  "dueDate", "delinquencyDate", "chargeOffDate", "fullName", "dateOfBirth", "country", "region", "postalCode", "nationalId",
  "phone", "email", "addressLine", "city", "preferredLanguage",
] as const;
export type PlacementField = (typeof PLACEMENT_FIELDS)[number];
export const REQUIRED_PLACEMENT_FIELDS: readonly PlacementField[] = ["accountReference", "currency", "balanceMinor", "dueDate", "fullName", "country"];

/** A file's cell is text: an empty cell is an absent value, a number must be written as whole digits. */
const text = (max: number) => z.string().trim().max(max, "text_too_long");
const optionalText = (max: number) => z.preprocess((v) => (v === "" || v === null ? undefined : v), text(max).optional());
const minor = z.preprocess(
  (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v === "" ? undefined : v),
  z.number("amount_not_whole").int("amount_not_whole").nonnegative("amount_negative").max(Number.MAX_SAFE_INTEGER, "too_big"),
);
const optionalMinor = z.preprocess((v) => (v === "" || v === null ? undefined : v), minor.optional());
const date = z.string().trim().refine(isRealDate, "date_invalid");
const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), date.optional());

const base = z.object({
  accountReference: text(100).min(1, "required"),
  originalCreditor: optionalText(200),
  product: optionalText(50),
  currency: z.string().trim().toUpperCase().refine(isKnownCurrency, "currency_unknown"),
  principalMinor: optionalMinor,
  interestMinor: optionalMinor,
  feesMinor: optionalMinor,
  balanceMinor: minor,
  dueDate: date,
  delinquencyDate: optionalDate,
  chargeOffDate: optionalDate,
  fullName: text(200).min(1, "required"),
  dateOfBirth: optionalDate,
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "country_code"),
  region: optionalText(10),
  postalCode: optionalText(20),
  nationalId: optionalText(30),
  phone: optionalText(40),
  email: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.email("email_invalid").max(254, "text_too_long").optional()),
  addressLine: optionalText(300),
  city: optionalText(100),
  preferredLanguage: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(["en", "zh-CN"], "invalid_option").optional()),
});

/** The record's schema for one day (no charge-off after `today`). Built once per day and kept: zod
 *  compiles each schema instance's parser on first use, so a schema per row cost an import of 50,000
 *  rows a compile per row (most of its time, and memory that grew with the file). */
export function placementRecord(today: string) {
  let schema = schemaByDay.get(today);
  if (!schema) {
    if (schemaByDay.size > 8) schemaByDay.clear();
    schema = recordSchema(today);
    schemaByDay.set(today, schema);
  }
  return schema;
}
const schemaByDay = new Map<string, ReturnType<typeof recordSchema>>();

function recordSchema(today: string) {
  return base.superRefine((v, c) => {
    if (v.chargeOffDate && v.chargeOffDate > today) c.addIssue({ code: "custom", path: ["chargeOffDate"], message: "charge_off_future" });
    if (v.country === "US") {
      if (v.region !== undefined && !US_STATES.has(v.region.toUpperCase())) c.addIssue({ code: "custom", path: ["region"], message: "us_state_invalid" });
      if (v.postalCode !== undefined && !isUsZip(v.postalCode)) c.addIssue({ code: "custom", path: ["postalCode"], message: "zip_invalid" });
    }
    if (v.nationalId !== undefined && v.country === "CN" && !isCnIdNumber(v.nationalId)) c.addIssue({ code: "custom", path: ["nationalId"], message: "cn_id_invalid" });
    if (v.phone !== undefined && toE164(v.phone, v.country) === null) c.addIssue({ code: "custom", path: ["phone"], message: "phone_invalid" });
  }).transform((v) => ({
    ...v,
    region: v.region?.toUpperCase(),
    phone: v.phone === undefined ? undefined : toE164(v.phone, v.country)!,
    email: v.email?.toLowerCase(),
    nationalId: v.nationalId?.toUpperCase(),
    principalMinor: v.principalMinor ?? v.balanceMinor,
    interestMinor: v.interestMinor ?? 0,
    feesMinor: v.feesMinor ?? 0,
    product: v.product ?? "consumer_loan",
    /** "US-NY", "CN-31", "GB": the overlay and the jurisdiction's rules follow from it. */
    jurisdiction: v.region ? `${v.country}-${v.region.toUpperCase()}` : v.country,
  }));
}
export type PlacementRecord = z.output<ReturnType<typeof recordSchema>>;
export type PlacementRecordInput = z.input<ReturnType<typeof recordSchema>>;

export interface FieldProblem { field: string; reason: string }

/** Every problem of one record (a quarantine row lists them all, not only the first). */
export function checkPlacementRecord(today: string, input: unknown): { ok: true; record: PlacementRecord } | { ok: false; problems: FieldProblem[] } {
  const fast = acceptPlacementCells(today, input);
  if (fast) return { ok: true, record: fast };
  const parsed = placementRecord(today).safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, record: parsed.data };
  const problems = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join(".") || "row",
    reason: reasonOf(i),
  }));
  return { ok: false, problems };
}

function reasonOf(issue: z.core.$ZodIssue): string {
  if (/^[a-z_]+$/.test(issue.message)) return issue.message;
  if (issue.code === "invalid_type") return (issue as { input?: unknown }).input === undefined ? "required" : "invalid_input";
  if (issue.code === "too_big") return "text_too_long";
  return "invalid_input";
}

const WHOLE = /^\d+$/;
const COUNTRY = /^[A-Z]{2}$/;
const EMAIL = z.regexes.email;

/**
 * The schema's answer for a record of text cells (a file's row) that it accepts, computed without zod:
 * a million-row file spent most of its checking time in the schema's machinery (issue 16, bench/import).
 * Every check and every normalisation is the schema's own (same helpers, same order, same output), and
 * anything this path is not sure of (a cell that is not text, a negative or non-digit amount, any
 * problem at all) returns null, so the schema decides it and names every problem. A test holds both to
 * the same answers (test/placements/placement-cells.test.ts).
 */
export function acceptPlacementCells(today: string, input: unknown): PlacementRecord | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const v = input as Record<string, unknown>;
  for (const key in v) if (v[key] !== undefined && typeof v[key] !== "string") return null;
  const cell = (k: PlacementField) => v[k] as string | undefined;
  // optionalText: "" (or absent) is absent; anything else is trimmed (so blanks become "").
  const opt = (k: PlacementField, max: number): string | undefined | null => {
    const c = cell(k);
    if (c === undefined || c === "") return undefined;
    const t = c.trim();
    return t.length > max ? null : t;
  };
  const minorOf = (c: string | undefined): number | undefined | null => {
    if (c === undefined || c === "") return undefined;
    const t = c.trim();
    if (!WHOLE.test(t)) return null;
    const n = Number(t);
    return n > Number.MAX_SAFE_INTEGER ? null : n;
  };
  const dateOf = (c: string | undefined): string | undefined | null => {
    if (c === undefined || c === "") return undefined;
    const t = c.trim();
    return isRealDate(t) ? t : null;
  };

  const accountReference = cell("accountReference")?.trim();
  if (accountReference === undefined || accountReference.length < 1 || accountReference.length > 100) return null;
  const fullName = cell("fullName")?.trim();
  if (fullName === undefined || fullName.length < 1 || fullName.length > 200) return null;
  const currency = cell("currency")?.trim().toUpperCase();
  if (currency === undefined || !isKnownCurrency(currency)) return null;
  const country = cell("country")?.trim().toUpperCase();
  if (country === undefined || !COUNTRY.test(country)) return null;
  const balanceMinor = minorOf(cell("balanceMinor"));
  if (balanceMinor === undefined || balanceMinor === null) return null;
  const principalMinor = minorOf(cell("principalMinor"));
  const interestMinor = minorOf(cell("interestMinor"));
  const feesMinor = minorOf(cell("feesMinor"));
  if (principalMinor === null || interestMinor === null || feesMinor === null) return null;
  const dueRaw = cell("dueDate");
  if (dueRaw === undefined) return null;
  const dueDate = dueRaw.trim();
  if (!isRealDate(dueDate)) return null;
  const delinquencyDate = dateOf(cell("delinquencyDate"));
  const chargeOffDate = dateOf(cell("chargeOffDate"));
  const dateOfBirth = dateOf(cell("dateOfBirth"));
  if (delinquencyDate === null || chargeOffDate === null || dateOfBirth === null) return null;
  const originalCreditor = opt("originalCreditor", 200);
  const product = opt("product", 50);
  const region = opt("region", 10);
  const postalCode = opt("postalCode", 20);
  const nationalId = opt("nationalId", 30);
  const phoneCell = opt("phone", 40);
  const addressLine = opt("addressLine", 300);
  const city = opt("city", 100);
  if (originalCreditor === null || product === null || region === null || postalCode === null || nationalId === null || phoneCell === null || addressLine === null || city === null) return null;
  const emailCell = cell("email");
  let email: string | undefined;
  if (emailCell !== undefined && emailCell !== "") {
    if (emailCell.length > 254 || !EMAIL.test(emailCell)) return null;
    email = emailCell.toLowerCase();
  }
  const languageCell = cell("preferredLanguage");
  let preferredLanguage: "en" | "zh-CN" | undefined;
  if (languageCell !== undefined && languageCell !== "") {
    if (languageCell !== "en" && languageCell !== "zh-CN") return null;
    preferredLanguage = languageCell;
  }
  if (chargeOffDate !== undefined && chargeOffDate > today) return null;
  if (country === "US") {
    if (region !== undefined && !US_STATES.has(region.toUpperCase())) return null;
    if (postalCode !== undefined && !isUsZip(postalCode)) return null;
  }
  if (nationalId !== undefined && country === "CN" && !isCnIdNumber(nationalId)) return null;
  let phone: string | undefined;
  if (phoneCell !== undefined) {
    const e164 = toE164(phoneCell, country);
    if (e164 === null) return null;
    phone = e164;
  }
  return {
    accountReference, originalCreditor, product: product ?? "consumer_loan", currency,
    principalMinor: principalMinor ?? balanceMinor, interestMinor: interestMinor ?? 0, feesMinor: feesMinor ?? 0, balanceMinor,
    dueDate, delinquencyDate, chargeOffDate, fullName, dateOfBirth, country, region: region?.toUpperCase(), postalCode,
    nationalId: nationalId?.toUpperCase(), phone, email, addressLine, city, preferredLanguage,
    jurisdiction: region ? `${country}-${region.toUpperCase()}` : country,
  };
}
