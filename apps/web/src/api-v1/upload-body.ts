import { importFilePath, importMaxBytes, saveImportUpload } from "@/lib/imports/import-files";
import { BodyTooLargeError } from "@/lib/read-body";
import type { Operation, UploadedFile } from "./handler";
import { FILE_PART, MULTIPART_OVERHEAD_BYTES, receiveMultipartUpload, UploadRefusal } from "./multipart";
import { fieldError } from "./problem";

export const UPLOAD_MEDIA_TITLE = "Send text/csv or multipart/form-data";

/**
 * A file operation's body to the import disk, in either form: the raw body (Content-Type: text/csv)
 * or the `file` part of a multipart/form-data form, whose text fields are the operation's query
 * parameters (each in one place only). Both are streamed and cut off at the same IMPORT_MAX_MB.
 * Answers the query input the schema then checks and what the Idempotency-Key compares.
 */
export async function receiveFile(op: Operation, request: Request, upload: { file: UploadedFile | null }, query: Record<string, string>): Promise<UploadRefusal | { query: Record<string, string>; idempotencyBody: string }> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  const multipart = mediaType === "multipart/form-data";
  if (mediaType !== op.upload && !multipart) return new UploadRefusal(415, "unsupported_media_type", [fieldError(["Content-Type"], "media_type_unsupported")]);
  const limit = importMaxBytes();
  const tooLarge = new UploadRefusal(413, "payload_too_large", [fieldError([FILE_PART], "upload_too_large", { maxMb: limit / 1024 / 1024 })]);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) return tooLarge;
  const noFile = new UploadRefusal(400, "validation", [fieldError([FILE_PART], "required")]);
  if (!request.body) return noFile;

  if (!multipart) {
    try {
      const saved = await saveImportUpload(request.body, limit);
      upload.file = { fileId: saved.fileId, path: importFilePath(saved.fileId)!, bytes: saved.bytes };
      if (saved.bytes === 0) return noFile;
      return { query, idempotencyBody: `${new URL(request.url).search}\n${saved.sha256}` };
    } catch (error) {
      if (error instanceof BodyTooLargeError) return tooLarge;
      throw error;
    }
  }

  const fieldNames = Object.keys(op.query?.shape ?? {});
  let form;
  try {
    form = await receiveMultipartUpload(request.body, contentType, { limit, fieldNames });
  } catch (error) {
    if (error instanceof UploadRefusal) return error;
    throw error;
  }
  upload.file = { fileId: form.file.fileId, path: importFilePath(form.file.fileId)!, bytes: form.file.bytes };
  const twice = Object.keys(form.fields).filter((name) => Object.hasOwn(query, name));
  if (twice.length) return new UploadRefusal(400, "validation", twice.map((name) => fieldError([name], "field_repeated")));
  // The file part's own name is the import's name unless a fileName field says otherwise.
  const partName = form.file.name?.trim();
  const merged = { ...query, ...form.fields };
  if (fieldNames.includes("fileName") && merged.fileName === undefined && partName && partName.length <= 255) merged.fileName = partName;
  const options = Object.keys(merged).sort().map((name) => [name, merged[name]]);
  return { query: merged, idempotencyBody: `multipart\n${JSON.stringify(options)}\n${form.file.sha256}` };
}
