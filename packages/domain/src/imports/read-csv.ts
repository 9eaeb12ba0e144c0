import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";

export type FileEncoding = "utf-8" | "gbk";

/** A fatal problem with the whole file (its encoding, its CSV syntax): the run stops, nothing merged. */
export class FileRefusedError extends Error {
  constructor(readonly key: "encoding_invalid" | "row_malformed" | "column_missing", readonly params: Record<string, string | number>) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

/**
 * The records of a CSV file as arrays of strings, streamed: bytes decoded by iconv-lite (UTF-8 with or
 * without a BOM, or GBK), parsed by csv-parse (quoted fields with commas, quotes and newlines), never
 * the whole file in memory. Records of the wrong length are yielded as they are (the caller
 * quarantines them); an unclosed quote is fatal. A UTF-8 file with bytes that are not UTF-8 (a GBK
 * file sent as UTF-8) is refused at its first bad byte rather than imported garbled.
 */
export async function* readCsv(path: string, encoding: FileEncoding, options: { limit?: number; position?: { bytesRead: number } } = {}): AsyncGenerator<{ record: string[]; line: number }> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, to_line: options.limit });
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  // Bytes of the file read so far, for a progress bar (the row count of a file is unknown until its end).
  if (options.position) file.on("data", (chunk) => { options.position!.bytesRead += chunk.length; });
  const source = file.pipe(iconv.decodeStream(encoding === "gbk" ? "gbk" : "utf8", { stripBOM: true })) as unknown as Readable;
  // pipe() forwards no errors: a missing file (ENOENT) or a decoding failure ends the parse with it.
  file.on("error", (e) => parser.destroy(e));
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (encoding === "utf-8" && record.some((cell) => cell.includes("\uFFFD"))) throw new FileRefusedError("encoding_invalid", { encoding: "UTF-8", line: info.lines });
      yield { record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof FileRefusedError) throw error;
    const code = (error as { code?: string }).code;
    if (code?.startsWith("CSV_")) throw new FileRefusedError("row_malformed", { detail: `${code} (line ${(error as { lines?: number }).lines ?? "?"})` });
    throw error;
  } finally {
    source.destroy();
  }
}

/** The header and the first rows, for the console's mapping preview. */
export async function previewCsv(path: string, encoding: FileEncoding, rows = 5): Promise<{ header: string[]; rows: string[][] }> {
  const out: string[][] = [];
  for await (const { record } of readCsv(path, encoding, { limit: rows + 1 })) out.push(record);
  return { header: out[0] ?? [], rows: out.slice(1) };
}
