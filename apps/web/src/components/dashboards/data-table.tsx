"use client";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";

export interface DataColumn {
  key: string;
  label: string;
  numeric?: boolean;
}
export type DataRow = Record<string, string | number> & { id: string; href?: string };

// Core only: the server already filtered, sorted and cut the rows.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, DataRow>();

/** The dashboards' tables (TanStack Table, headless). The first column links to `href` when a row has one. */
export function DataTable({ columns, rows, empty, testId }: { columns: DataColumn[]; rows: DataRow[]; empty: string; testId?: string }) {
  const numeric = new Set(columns.filter((c) => c.numeric).map((c) => c.key));
  const defs = helper.columns(columns.map((c, i) => helper.accessor((r) => r[c.key] ?? "", {
    id: c.key,
    header: c.label,
    cell: (cell) => (i === 0 && cell.row.original.href ? <a href={cell.row.original.href}>{String(cell.getValue())}</a> : String(cell.getValue())),
  })));
  const table = useTable({ features, columns: defs, data: rows, getRowId: (r) => r.id });
  if (rows.length === 0) return <p className="panel muted" data-testid={testId ? `${testId}-empty` : undefined}>{empty}</p>;
  return (
    <table className="grid" data-testid={testId}>
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>{g.headers.map((h) => <th key={h.id} scope="col" className={numeric.has(h.column.id) ? "num" : undefined}><table.FlexRender header={h} /></th>)}</tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((r) => (
          <tr key={r.id} data-row-id={r.original.id}>
            {r.getAllCells().map((c) => <td key={c.id} data-col={c.column.id} className={numeric.has(c.column.id) ? "num" : undefined}><table.FlexRender cell={c} /></td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
