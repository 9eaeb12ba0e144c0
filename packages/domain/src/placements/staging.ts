import { randomFillSync } from "node:crypto";
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

/** The columns a file's COPY fills: the record's, then the ids its new rows would take (stagingIds). */
export const FILE_STAGING_COLUMNS = [...STAGING_COLUMNS.map(([c]) => c), "person_id", "case_id", "account_id"] as const;

/**
 * Ids for the persons, cases and accounts a file creates, in the order of its rows: a UUID (version 7
 * layout) of the import's start in milliseconds, then the row number, then 44 random bits. A million
 * new rows then go to the right-hand end of every index on those ids (the primary keys, cases.person_id,
 * accounts.case_id, accounts.person_id, contact_points.person_id) and each foreign-key check finds its
 * parent in a page just written, where random ids touched a random page of an index larger than the
 * buffer cache for every row (issue 16: the million-row import). The random bits keep ids of two imports
 * started in the same millisecond apart.
 */
export function stagingIds(startedAt: Date): (rowNo: number) => string {
  const time = Math.max(0, startedAt.getTime()).toString(16).padStart(12, "0").slice(-12);
  const head = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  const pool = Buffer.alloc(6 * 4096);
  let used = pool.length;
  const random11 = () => {
    if (used === pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    const hex = pool.toString("hex", used, used + 6).slice(1);
    used += 6;
    return hex;
  };
  // person, case, account: the variant nibble (10xx) tells the three apart within one row.
  return (rowNo) => {
    const row = rowNo.toString(16).padStart(7, "0").slice(-7);
    const mid = `${row.slice(0, 3)}-`;
    const tail = row.slice(3, 7);
    return `${head}${mid}8${tail.slice(0, 3)}-${tail.slice(3)}${random11()}\t${head}${mid}9${tail.slice(0, 3)}-${tail.slice(3)}${random11()}\t${head}${mid}a${tail.slice(0, 3)}-${tail.slice(3)}${random11()}`;
  };
}

/** One validated record as a COPY text line (tab-separated, in STAGING_COLUMNS order, then `ids`
 *  (stagingIds) when the COPY names FILE_STAGING_COLUMNS). */
export function stagingLine(rowNo: number, r: PlacementRecord, ids?: string): string {
  const c = copyCell;
  return `${rowNo}\t${c(r.accountReference)}\t${c(r.originalCreditor)}\t${c(r.product)}\t${c(r.currency)}\t${r.principalMinor}\t${r.interestMinor}\t${r.feesMinor}\t${r.balanceMinor}\t${
    c(r.dueDate)}\t${c(r.delinquencyDate)}\t${c(r.chargeOffDate)}\t${c(r.fullName)}\t${c(r.dateOfBirth)}\t${c(r.country)}\t${c(r.region)}\t${c(r.postalCode)}\t${c(r.phone)}\t${c(r.email)}\t${
    c(r.addressLine)}\t${c(r.city)}\t${c(r.preferredLanguage)}\t${c(r.jurisdiction)}${ids === undefined ? "" : `\t${ids}`}\n`;
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
