import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

/** Each table's columns by property name with their names in the database (the client's snake_case
 *  casing, as drizzle applies it), worked out once per table. */
const tableColumns = new WeakMap<PgTable, { columns: Map<string, string>; withDefaultFn: Array<[string, PgColumn]> }>();
function columnsOf(table: PgTable) {
  let found = tableColumns.get(table);
  if (!found) {
    const all = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
    found = {
      columns: new Map(all.map(([key, column]) => [key, column.keyAsName ? toSnakeCase(column.name) : column.name])),
      withDefaultFn: all.filter(([, column]) => column.defaultFn !== undefined),
    };
    tableColumns.set(table, found);
  }
  return found;
}

/**
 * Many rows into one table as ONE statement with ONE parameter: the rows as a JSON array, spread by
 * `json_populate_recordset` into the table's own row type (issue 15). Drizzle's multi-row `insert`
 * builds one placeholder per value, and building them was the largest single cost of a gated dispatch
 * batch in the worker's CPU profile (drizzle's `is` checks and chunk walks, then postgres.js encoding
 * a thousand parameters); here the rows cost one `JSON.stringify`, and the statement's text is the
 * same whatever their number (one prepared statement serves every batch size).
 *
 * The rows are drizzle insert objects (property names, `Date`s, objects for jsonb columns, arrays for
 * array columns), as for `tx.insert(table).values(rows)`. A column no row names takes its default;
 * rows naming different sets of columns are inserted in one statement per set (so a missing value is
 * never turned into NULL where drizzle would have used the default). `$defaultFn` columns are filled
 * in here, as drizzle does.
 */
export async function insertRows<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: ReadonlyArray<T["$inferInsert"]>,
  options: { onConflictDoNothing?: boolean; returning?: readonly (keyof T["_"]["columns"] & string)[] } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const { columns, withDefaultFn } = columnsOf(table);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const raw of rows) {
    const row: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const [key, column] of withDefaultFn) if (row[key] === undefined) row[key] = column.defaultFn!();
    const keys = Object.keys(row).filter((k) => row[k] !== undefined && columns.has(k)).sort();
    const signature = keys.join(",");
    const group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, [row]);
  }
  const tableName = sql.identifier(getTableName(table));
  const out: Record<string, unknown>[] = [];
  for (const [signature, group] of groups) {
    const keys = signature.split(",");
    const names = keys.map((k) => columns.get(k)!);
    const list = sql.join(names.map((n) => sql.identifier(n)), sql.raw(", "));
    const json = JSON.stringify(group.map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[names[i]!] = row[keys[i]!];
      return out;
    }));
    const conflict: SQL = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
    const returning: SQL = options.returning?.length
      ? sql` returning ${sql.join(options.returning.map((k) => sql`${sql.identifier(columns.get(k)!)} as ${sql.identifier(k)}`), sql.raw(", "))}`
      : sql``;
    const result = await tx.execute<Record<string, unknown>>(sql`insert into ${tableName} (${list}) select ${list} from json_populate_recordset(null::${tableName}, ${json}::json)${conflict}${returning}`);
    out.push(...result);
  }
  return out;
}
