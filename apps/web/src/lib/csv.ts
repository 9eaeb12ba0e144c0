/** A cell a spreadsheet would read as a formula (=, +, -, @, and the tab / carriage return that some
 *  spreadsheets also treat as one) gets a leading apostrophe: an exported debtor name or note such as
 *  `=HYPERLINK(...)` must stay text when a supervisor or a regulator opens the file (CSV injection). */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One RFC 4180 line (no line end), every cell neutralised: for exports streamed a page at a time. */
export function csvLine(cells: Array<string | number | null | undefined>): string {
  return cells.map((c) => quote(neutraliseCell(c === null || c === undefined ? "" : String(c)))).join(",");
}

/** RFC 4180 CSV (CRLF line ends), every cell neutralised, with a UTF-8 BOM so spreadsheets read 中文. */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return `\uFEFF${[csvLine(header), ...rows.map(csvLine)].join("\r\n")}\r\n`;
}

export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

/** A rate in an export: four decimals, empty when there was nothing to divide by. */
export const csvRate = (v: number | null): string => (v === null ? "" : v.toFixed(4));
