import { sql } from "drizzle-orm";
import type { DbOrTx } from "@casebook/db";
import type { PlacementRecord } from "./placement-record";

/** The staging table's columns in COPY order, each from a validated record (snake_case of the field). */
export const STAGING_COLUMNS = [
  ["row_no", "bigint"], ["account_reference", "text"], ["original_creditor", "text"], ["product", "text"], ["currency", "text"],
  ["principal_minor", "bigint"], ["interest_minor", "bigint"], ["fees_minor", "bigint"], ["balance_minor", "bigint"],
  ["due_date", "date"], ["delinquency_date", "date"], ["charge_off_date", "date"], ["full_name", "text"], ["date_of_birth", "date"],
  ["country", "text"], ["region", "text"], ["postal_code", "text"], ["phone", "text"], ["email", "text"], ["address_line", "text"],
  ["city", "text"], ["preferred_language", "text"], ["jurisdiction", "text"],
] as const;

/**
 * A temporary table for one merge, dropped at commit: valid rows are COPYed into it, then merged into
 * the book in one statement per table (merge-placements.ts). It has no index until the merge asks for
 * one, so the COPY runs at the speed of a plain append. Ids for new rows are drawn here, so persons,
 * cases and accounts can be inserted in bulk with their references to each other.
 */
export async function createStagingTable(tx: DbOrTx, name: string): Promise<void> {
  const cols = STAGING_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ");
  await tx.execute(sql.raw(`create temp table ${name} (${cols}, person_id uuid not null default gen_random_uuid(), case_id uuid not null default gen_random_uuid(), account_id uuid not null default gen_random_uuid(), known boolean not null default false) on commit drop`));
}

/** A COPY text-format cell: \N for null, backslash, tab and newlines escaped. */
export function copyCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  // Most cells need no escape: one scan instead of four replaces (a million-row file, issue 16).
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One validated record as a COPY text line (tab-separated, in STAGING_COLUMNS order). */
export function stagingLine(rowNo: number, r: PlacementRecord): string {
  const c = copyCell;
  return `${rowNo}\t${c(r.accountReference)}\t${c(r.originalCreditor)}\t${c(r.product)}\t${c(r.currency)}\t${r.principalMinor}\t${r.interestMinor}\t${r.feesMinor}\t${r.balanceMinor}\t${
    c(r.dueDate)}\t${c(r.delinquencyDate)}\t${c(r.chargeOffDate)}\t${c(r.fullName)}\t${c(r.dateOfBirth)}\t${c(r.country)}\t${c(r.region)}\t${c(r.postalCode)}\t${c(r.phone)}\t${c(r.email)}\t${
    c(r.addressLine)}\t${c(r.city)}\t${c(r.preferredLanguage)}\t${c(r.jurisdiction)}\n`;
}

/** One record inserted with bound parameters (the API's single placement; files COPY instead). */
export async function insertStagingRecord(tx: DbOrTx, name: string, rowNo: number, r: PlacementRecord): Promise<void> {
  const values = [
    rowNo, r.accountReference, r.originalCreditor ?? null, r.product, r.currency, r.principalMinor, r.interestMinor, r.feesMinor, r.balanceMinor,
    r.dueDate, r.delinquencyDate ?? null, r.chargeOffDate ?? null, r.fullName, r.dateOfBirth ?? null, r.country, r.region ?? null, r.postalCode ?? null,
    r.phone ?? null, r.email ?? null, r.addressLine ?? null, r.city ?? null, r.preferredLanguage ?? null, r.jurisdiction,
  ];
  const cols = sql.raw(STAGING_COLUMNS.map(([c]) => c).join(", "));
  const casts = STAGING_COLUMNS.map(([, t], i) => sql`${values[i]}::${sql.raw(t)}`);
  await tx.execute(sql`insert into ${sql.raw(name)} (${cols}) values (${sql.join(casts, sql`, `)})`);
}
