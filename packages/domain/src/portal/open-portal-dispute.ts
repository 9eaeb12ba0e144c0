import { createHash } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { OpenDispute, openDisputeIn } from "../disputes/open-dispute";
import { writeAudit } from "../audit";
import { requireDebtor } from "./portal-actor";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** The file's type is read from its first bytes, never from its name or the browser's word for it. */
function sniff(bytes: Uint8Array): "application/pdf" | "image/png" | "image/jpeg" | null {
  const b = (i: number) => bytes[i];
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46 && b(4) === 0x2d) return "application/pdf";
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a && b(6) === 0x1a && b(7) === 0x0a) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  return null;
}

export const OpenPortalDispute = z.object({
  caseId: z.uuid(),
  accountId: z.uuid(),
  ground: z.enum(["existence", "amount", "identity", "other"]).default("other"),
  reason: z.string().trim().min(3, "dispute_reason_required").max(2000, "text_too_long"),
});

/**
 * The debtor's written dispute, with an optional document (PDF, PNG or JPEG up to 5 MB, checked by its
 * bytes): outreach on the debt stops in the same transaction (the dispute_opened event; the gate reads the
 * open dispute: US-REGF-DISPUTE, CN-DISPUTE). The file is written under `uploadDir` named by a fresh id
 * before the commit and removed again if the transaction fails: no dispute without its document, no
 * document without its dispute.
 */
export async function openPortalDispute(
  ctx: DomainContext,
  input: z.input<typeof OpenPortalDispute>,
  upload: { bytes: Uint8Array } | null,
  storage: { uploadDir: string },
): Promise<{ disputeId: string; documentId: string | null }> {
  const { personId } = requireDebtor(ctx.actor);
  const p = parseInput(OpenPortalDispute, input);
  let type: ReturnType<typeof sniff> = null;
  if (upload && upload.bytes.byteLength > 0) {
    if (upload.bytes.byteLength > MAX_UPLOAD_BYTES) throw new ValidationError("document", "upload_too_large", { maxMb: MAX_UPLOAD_BYTES / 1024 / 1024 });
    type = sniff(upload.bytes);
    if (!type) throw new ValidationError("document", "upload_type");
  }
  const documentId = type ? ctx.ids() : null;
  const file = documentId ? path.join(storage.uploadDir, documentId) : null;
  try {
    return await ctx.db.transaction(async (tx) => {
      const dispute = await openDisputeIn(tx, ctx, OpenDispute.parse({ ...p, receivedVia: "portal" }));
      if (documentId && file && upload && type) {
        await mkdir(storage.uploadDir, { recursive: true });
        await writeFile(file, upload.bytes, { flag: "wx", mode: 0o600 });
        const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
        await tx.insert(s.disputeDocuments).values({ id: documentId, disputeId: dispute.disputeId, contentType: type, sizeBytes: upload.bytes.byteLength, sha256, storedAs: documentId });
        await writeAudit(tx, ctx.actor, { action: "dispute.document", entityType: "dispute", entityId: dispute.disputeId, caseId: p.caseId, personId, details: { documentId, contentType: type, sizeBytes: upload.bytes.byteLength, sha256 } }, ctx.now);
      }
      return { disputeId: dispute.disputeId, documentId };
    });
  } catch (err) {
    if (file) await rm(file, { force: true });
    throw err;
  }
}
