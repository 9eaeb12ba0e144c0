import { finished } from "node:stream/promises";
import type postgres from "postgres";

// PostgreSQL COPY text format: tab-separated columns, \N for null, backslash escapes.
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export type Cell = string | number | boolean | null | undefined | Date;

export function cell(value: Cell): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "string") return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  return value.toISOString();
}

/** A text[] or uuid[] literal; elements are quoted, so commas and spaces are safe. */
export function arrayCell(values: readonly string[]): string {
  if (values.length === 0) return "{}";
  return cell(`{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`);
}

export function jsonCell(value: unknown): string {
  return cell(JSON.stringify(value));
}

/** Rows of one table for one chunk, as COPY text. */
export class TableBuffer {
  private parts: string[] = [];
  rows = 0;
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}
  push(...cells: string[]): void {
    this.parts.push(cells.join("\t"));
    this.rows++;
  }
  take(): { text: string; rows: number } {
    const text = this.parts.length ? this.parts.join("\n") + "\n" : "";
    const rows = this.rows;
    this.parts = [];
    this.rows = 0;
    return { text, rows };
  }
}

/** Streams one chunk of rows into a table with COPY FROM STDIN. */
export async function copyInto(sql: postgres.Sql, table: string, columns: readonly string[], text: string): Promise<void> {
  if (!text) return;
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const writable = await sql.unsafe(`copy "${table}" (${cols}) from stdin`).writable();
  writable.end(text);
  await finished(writable);
}

/** COPY needs a connection of its own: postgres.js pipelines queries on pooled connections, and a
 *  query sent into a connection in COPY mode kills it. So each lane reserves one and works a queue. */
export async function copyAll(
  lanes: postgres.ReservedSql[],
  jobs: Array<{ table: string; columns: readonly string[]; text: string }>,
): Promise<void> {
  const queue = jobs.filter((j) => j.text).sort((a, b) => b.text.length - a.text.length);
  await Promise.all(
    lanes.map(async (lane) => {
      for (let job = queue.shift(); job; job = queue.shift()) await copyInto(lane, job.table, job.columns, job.text);
    }),
  );
}
