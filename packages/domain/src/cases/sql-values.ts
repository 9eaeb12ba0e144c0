/** drizzle's postgres-js driver hands raw timestamptz/date columns back as strings: normalise at the edge. */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function toDateString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(",")}}`;
}

const NEEDS_ESCAPE = /["\\]/;

/** A PostgreSQL array literal of text values (NULL for null), handed over as ONE parameter
 *  (`= any(${pgArray(ids)}::uuid[])`, `unnest(...)`): the statement's text does not depend on how many
 *  values there are, so one prepared statement serves every size (drizzle's `inArray` spells out one
 *  placeholder per value). */
export function pgArray(values: ReadonlyArray<string | null>): string {
  // Most values (ids, codes, instants) need no escaping: test before paying for the replace.
  return `{${values.map((v) => (v === null ? "NULL" : NEEDS_ESCAPE.test(v) ? `"${v.replace(/(["\\])/g, "\\$1")}"` : `"${v}"`)).join(",")}}`;
}
