import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { env } from "@/env";
import { BodyTooLargeError } from "@/lib/read-body";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const importMaxBytes = () => env.IMPORT_MAX_MB * 1024 * 1024;

/** An uploaded file's path on the import disk, from its id only (never a name the browser chose). */
export function importFilePath(fileId: string): string | null {
  return UUID.test(fileId) ? path.join(path.resolve(env.IMPORT_DIR), `${fileId.toLowerCase()}.csv`) : null;
}

/**
 * Streams a request body (or one file part of a multipart form) to the import disk, chunk by chunk (a 150 MB file costs a few buffers of
 * memory, never the file): first to `<id>.part`, renamed once complete, so the preview and the worker
 * never see half a file. Over `limit` bytes the stream stops, the partial file is removed and
 * BodyTooLargeError is thrown; so too when `signal` aborts (the multipart form around it was refused).
 * The file's SHA-256 is taken on the way (the API's Idempotency-Key
 * compares bodies by it).
 */
export async function saveImportUpload(body: ReadableStream<Uint8Array> | Readable, limit: number, signal?: AbortSignal): Promise<{ fileId: string; bytes: number; sha256: string }> {
  const fileId = randomUUID();
  const final = importFilePath(fileId)!;
  const part = `${final}.part`;
  await mkdir(path.dirname(final), { recursive: true });
  let bytes = 0;
  const hash = createHash("sha256");
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      hash.update(chunk);
      done(bytes > limit ? new BodyTooLargeError() : null, chunk);
    },
  });
  try {
    const source = body instanceof Readable ? body : Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(source, counter, createWriteStream(part, { flags: "wx" }), { signal });
    await rename(part, final);
    return { fileId, bytes, sha256: hash.digest("hex") };
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

export async function removeImportUpload(fileId: string): Promise<void> {
  const file = importFilePath(fileId);
  if (file) await rm(file, { force: true });
}
