import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Busboy } from "@fastify/busboy";
import { removeImportUpload, saveImportUpload } from "@/lib/imports/import-files";
import { BodyTooLargeError } from "@/lib/read-body";
import { fieldError, type FieldError } from "./problem";

/** The form's file part is named this; every other part is a short text field. */
export const FILE_PART = "file";

/** Media types a bank's system or a browser gives a CSV file part (curl says octet-stream, Windows
 *  browsers vnd.ms-excel); anything else (a PDF, an image, JSON) is refused before a byte is stored. */
export const CSV_PART_TYPES = ["text/csv", "text/plain", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel", "application/octet-stream"] as const;

// The text fields are a file name, an encoding and a mapping (8,000 characters at most): 16 KB each
// and a handful of parts bound what the parser ever holds, whatever the sender writes.
const FIELD_BYTES = 16 * 1024;
const MAX_PARTS = 16;
/** Room in a declared Content-Length for the form around the file: boundaries, part headers, fields. */
export const MULTIPART_OVERHEAD_BYTES = MAX_PARTS * (FIELD_BYTES + 1024);

/** Why an uploaded file (raw or in a form) was refused: the HTTP status, the problem's code and each field at fault. */
export class UploadRefusal extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly code: string, readonly errors: FieldError[]) {
    super(`${errors.length} invalid field(s)`);
  }
}

export interface ReceivedForm {
  file: { fileId: string; bytes: number; sha256: string; name: string | undefined };
  fields: Record<string, string>;
}

const invalid = (path: string, code: string, params: Record<string, string | number> = {}) => new UploadRefusal(400, "validation", [fieldError([path], code, params)]);
const malformed = (detail: string) => new UploadRefusal(400, "malformed_multipart", [fieldError(["body"], "multipart_malformed", { detail })]);

/**
 * Reads a multipart/form-data body as a stream (@fastify/busboy): the one part named `file` goes
 * straight to the import disk through saveImportUpload (the same `.part` file, size limit and SHA-256
 * as a raw text/csv body), the text fields named in `fieldNames` are collected. Never more than a few
 * parser buffers and 16 KB per field in memory, whatever the file's size.
 *
 * Refused (UploadRefusal, naming the field) as soon as it is seen, reading stopping there: a
 * second file part, a part of another name, a field sent twice or too long, a file part that is not
 * CSV, a file over `limit` bytes or a body over `limit` and the form's overhead (413); at the end: no file part or an empty one, a body cut short or
 * not multipart at all. A refused form leaves nothing on the import disk.
 */
export async function receiveMultipartUpload(body: ReadableStream<Uint8Array>, contentType: string, options: { limit: number; fieldNames: readonly string[] }): Promise<ReceivedForm> {
  let parser;
  try {
    parser = Busboy({
      headers: { "content-type": contentType },
      limits: { fieldSize: FIELD_BYTES, parts: MAX_PARTS, files: 2, headerPairs: 20 },
      // A part named `file` is the file even without a filename (curl -F 'file=<bank.csv'): streamed, never a field string.
      isPartAFile: (name, type, fileName) => name === FILE_PART || fileName !== undefined || type === "application/octet-stream",
    });
  } catch {
    throw invalid("Content-Type", "multipart_boundary_missing");
  }
  const source = Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
  const fields: Record<string, string> = {};
  let refusal: UploadRefusal | null = null;
  // Cuts off the file part's write, whether its pipeline is running yet or not (it starts after a mkdir).
  const stopSaving = new AbortController();
  let fileName: string | undefined;
  let saving: Promise<{ fileId: string; bytes: number; sha256: string }> | null = null;

  let settle!: () => void;
  const parsed = new Promise<void>((resolve) => (settle = resolve));
  /** The first refusal stops the read: the request is no longer consumed, the file part is cut off. */
  const refuse = (r: UploadRefusal) => {
    if (refusal) return;
    refusal = r;
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
    stopSaving.abort();
    settle();
  };

  parser.on("file", (name, stream, partFileName, _transferEncoding, mimeType) => {
    // A part's errors reach us through the save's pipeline or the parser's own "error"; the parser may
    // still forward one to the part after the pipeline let go of it (a body cut short): not a crash.
    stream.on("error", () => {});
    if (refusal) return void stream.resume();
    if (name !== FILE_PART) return void (stream.resume(), refuse(invalid(name, "unknown_field")));
    if (saving) return void (stream.resume(), refuse(invalid(FILE_PART, "file_multiple")));
    const type = mimeType.split(";")[0]!.trim().toLowerCase();
    if (!(CSV_PART_TYPES as readonly string[]).includes(type)) {
      stream.resume();
      return refuse(new UploadRefusal(415, "unsupported_media_type", [fieldError([FILE_PART], "file_type_unsupported", { type })]));
    }
    fileName = partFileName;
    saving = saveImportUpload(stream, options.limit, stopSaving.signal);
    saving.catch((error: unknown) => refuse(error instanceof BodyTooLargeError ? tooLarge(options.limit) : error instanceof UploadRefusal ? error : malformed(errorText(error))));
  });
  parser.on("field", (name, value, _nameTruncated, valueTruncated) => {
    if (refusal) return;
    if (!options.fieldNames.includes(name)) return refuse(invalid(name, "unknown_field"));
    if (Object.hasOwn(fields, name)) return refuse(invalid(name, "field_repeated"));
    if (valueTruncated) return refuse(invalid(name, "too_big", { maximum: FIELD_BYTES }));
    fields[name] = value;
  });
  parser.on("partsLimit", () => refuse(invalid("body", "multipart_too_many_parts", { maximum: MAX_PARTS })));
  parser.on("error", (error: unknown) => refuse(malformed(errorText(error))));
  source.on("error", (error: unknown) => refuse(malformed(errorText(error))));
  // The whole body is bounded too: what the parser discards (a preamble, an epilogue after the closing
  // boundary) is never stored, but is not read without end either.
  let bodyBytes = 0;
  source.on("data", (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes > options.limit + MULTIPART_OVERHEAD_BYTES) refuse(new UploadRefusal(413, "payload_too_large", [fieldError(["body"], "upload_too_large", { maxMb: options.limit / 1024 / 1024 })]));
  });
  parser.on("finish", () => settle());
  source.pipe(parser);
  await parsed;

  // The file part's own write (or its removal, when it was cut off) finishes after the parser does.
  const saved = saving ? await (saving as Promise<{ fileId: string; bytes: number; sha256: string }>).catch(() => null) : null;
  const refused = refusal as UploadRefusal | null;
  if (refused || !saved || saved.bytes === 0) {
    if (saved) await removeImportUpload(saved.fileId);
    throw refused ?? invalid(FILE_PART, "required");
  }
  return { file: { ...saved, name: fileName }, fields };
}

function tooLarge(limit: number) {
  return new UploadRefusal(413, "payload_too_large", [fieldError([FILE_PART], "upload_too_large", { maxMb: limit / 1024 / 1024 })]);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
