import { z } from "zod";
import { recordImportUpload } from "@casebook/domain";
import { userForApi } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";
import { importMaxBytes, removeImportUpload, saveImportUpload } from "@/lib/imports/import-files";
import { BodyTooLargeError } from "@/lib/read-body";

const Query = z.object({ clientId: z.uuid(), fileName: z.string().trim().min(1).max(255) });

/**
 * The console's upload of a placement or recall file (issue 16): the raw body is the file, streamed to
 * the import disk (never held in memory), `?clientId=&fileName=`. Answers `{ fileId, bytes }`; the
 * mapping preview and the run take it from there. Refused to every role but admin before a byte is read.
 */
export async function POST(request: Request) {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  const url = new URL(request.url);
  const query = Query.safeParse({ clientId: url.searchParams.get("clientId"), fileName: url.searchParams.get("fileName") });
  if (!query.success) {
    const field = String(query.error.issues[0]?.path[0] ?? "query");
    return Response.json({ error: "validation", field, message: `${field}: ${query.error.issues[0]?.message ?? "invalid"}` }, { status: 400 });
  }
  const limit = importMaxBytes();
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return Response.json({ error: "payload_too_large", field: "file", maxMb: limit / 1024 / 1024 }, { status: 413 });
  if (!request.body) return Response.json({ error: "validation", field: "file", message: "file: empty" }, { status: 400 });
  let saved: { fileId: string; bytes: number } | null = null;
  try {
    saved = await saveImportUpload(request.body, limit);
    if (saved.bytes === 0) {
      await removeImportUpload(saved.fileId);
      return Response.json({ error: "validation", field: "file", message: "file: empty" }, { status: 400 });
    }
    await recordImportUpload(await contextFor(who.user), { clientId: query.data.clientId, fileId: saved.fileId, fileName: query.data.fileName, bytes: saved.bytes });
    return Response.json({ fileId: saved.fileId, bytes: saved.bytes }, { status: 201 });
  } catch (error) {
    if (saved) await removeImportUpload(saved.fileId);
    if (error instanceof BodyTooLargeError) return Response.json({ error: "payload_too_large", field: "file", maxMb: limit / 1024 / 1024 }, { status: 413 });
    return toResponse(error);
  }
}
