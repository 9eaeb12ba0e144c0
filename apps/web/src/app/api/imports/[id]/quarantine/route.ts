import { getTranslations } from "next-intl/server";
import { getImportRun, listImportQuarantine } from "@casebook/domain";
import { userForApi } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { csvLine } from "@/lib/csv";
import { toResponse } from "@/lib/errors";

const PAGE = 5_000;

/**
 * An import run's quarantine as CSV (row, field, reason key, the reason in the reader's language, the
 * client's account reference as written), streamed a page at a time, so 10,000 bad rows of a 1,000,000-row
 * file never sit whole in memory. Every cell is neutralised (=, +, -, @): the file's own text goes back
 * into a spreadsheet. The first page's read is audited (domain listImportQuarantine).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  try {
    const { id } = await params;
    const ctx = await contextFor(who.user);
    const run = await getImportRun(ctx, { runId: id });
    const t = await getTranslations("errors.domain");
    const first = await listImportQuarantine(ctx, { runId: id, limit: PAGE });
    const reasonText = (key: string) => (t.has(key as never) ? t(key as never, { field: "", firstRow: "…", detail: "", encoding: run.encoding.toUpperCase(), maximum: "", currency: "" } as never) : key);
    const encoder = new TextEncoder();
    let page = first;
    let done = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(["row", "field", "reason", "message", "account_reference"])}\r\n`));
      },
      async pull(controller) {
        if (done) return controller.close();
        // A full page may end inside a row's problems (one line per field): that row is sent with the next page.
        const full = page.length === PAGE;
        const lastRow = page.at(-1)?.rowNo;
        const send = full ? page.filter((q) => q.rowNo !== lastRow) : page;
        if (send.length) controller.enqueue(encoder.encode(send.map((q) => `${csvLine([q.rowNo, q.field, q.reason, reasonText(q.reason), q.accountReference])}\r\n`).join("")));
        if (!full) {
          done = true;
          return controller.close();
        }
        page = await listImportQuarantine(ctx, { runId: id, afterRow: send.at(-1)!.rowNo, limit: PAGE });
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="quarantine-${run.id}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return toResponse(error);
  }
}
