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
