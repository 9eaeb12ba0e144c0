"use client";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";

export interface QueueTableRow {
  caseId: string; name: string; client: string; reason: string; reasonCode: string; balance: string; dpd: number;
  bucket: string; statuses: string; localTime: string; href: string;
}
type Labels = Record<"position" | "reason" | "name" | "client" | "balance" | "dpd" | "bucket" | "status" | "localTime" | "empty", string>;

const tone: Record<string, string> = { callback_due: "ok", promise_due_today: "ok", broken_promise: "bad", new_placement: "warn", on_hold: "bad", disputed: "bad" };
const NUMERIC = new Set(["balance", "dpd"]);
// Core only: the server sorts, filters and pages (keyset), so the table needs no row-model features.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, QueueTableRow>();

function columnsFor(labels: Labels) {
  return helper.columns([
    helper.display({ id: "pos", header: labels.position, cell: (c) => c.row.index + 1 }),
    helper.accessor("name", { header: labels.name, cell: (c) => <a href={c.row.original.href} data-testid="queue-case-link">{c.getValue()}</a> }),
    helper.accessor("reason", { header: labels.reason, cell: (c) => <span className={`badge ${tone[c.row.original.reasonCode] ?? ""}`} data-reason={c.row.original.reasonCode}>{c.getValue()}</span> }),
    helper.accessor("client", { header: labels.client }),
    helper.accessor("balance", { header: labels.balance }),
    helper.accessor("dpd", { header: labels.dpd }),
    helper.accessor("bucket", { header: labels.bucket }),
    helper.accessor("statuses", { header: labels.status }),
    helper.accessor("localTime", { header: labels.localTime }),
  ]);
}

/** TanStack Table (headless) renders the page the server already sorted and cut: the browser never
 *  holds more than one page of a 100,000-case book. */
export function QueueTable({ rows, labels }: { rows: QueueTableRow[]; labels: Labels }) {
  const table = useTable({ features, columns: columnsFor(labels), data: rows, getRowId: (r) => r.caseId });
  if (rows.length === 0) return <p className="panel muted">{labels.empty}</p>;
  return (
    <table className="grid" data-testid="queue-table">
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>{g.headers.map((h) => <th key={h.id} scope="col" className={NUMERIC.has(h.column.id) ? "num" : undefined}><table.FlexRender header={h} /></th>)}</tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((r) => (
          <tr key={r.id} data-case-id={r.original.caseId}>
            {r.getAllCells().map((c) => <td key={c.id} className={NUMERIC.has(c.column.id) ? "num" : undefined}><table.FlexRender cell={c} /></td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
