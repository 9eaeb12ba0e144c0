import { csvLine } from "@/lib/csv";

export const QUARANTINE_PAGE = 5_000;

export interface QuarantineRow { rowNo: number; field: string; reason: string; accountReference: string | null }

/**
 * An import run's quarantine as CSV (row, field, reason key, the reason as text, the client's account
 * reference as written), streamed a page at a time, so 10,000 bad rows of a 1,000,000-row file never
 * sit whole in memory. Every cell is neutralised by csvLine (=, +, -, @): the file's own text goes back
 * into a spreadsheet. The first page is read before the stream is returned, so a run that is not the
 * reader's fails as an answer, not half-way through a download. The console and the API both serve it.
 */
export async function quarantineCsvStream(
  load: (input: { afterRow?: number; limit: number }) => Promise<QuarantineRow[]>,
  reasonText: (key: string) => string,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let page = await load({ limit: QUARANTINE_PAGE });
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(["row", "field", "reason", "message", "account_reference"])}\r\n`));
    },
    async pull(controller) {
      if (done) return controller.close();
      // A full page may end inside a row's problems (one line per field): that row is sent with the next page.
      const full = page.length === QUARANTINE_PAGE;
      const lastRow = page.at(-1)?.rowNo;
      const send = full ? page.filter((q) => q.rowNo !== lastRow) : page;
      if (send.length) controller.enqueue(encoder.encode(send.map((q) => `${csvLine([q.rowNo, q.field, q.reason, reasonText(q.reason), q.accountReference])}\r\n`).join("")));
      if (!full) {
        done = true;
        return controller.close();
      }
      page = await load({ afterRow: send.at(-1)!.rowNo, limit: QUARANTINE_PAGE });
    },
  });
}
