import { stat } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { DomainError, NotFoundError, ValidationError } from "../errors";
import type { FieldProblem } from "../placements/placement-record";
import { postClientPayment } from "../api/post-api-payment";
import { loadClientAccount } from "../api/client-account";
import { reversePayment } from "../payments/reverse-payment";
import { checkPaymentRecord, PAYMENT_FILE_FIELDS, REQUIRED_PAYMENT_FILE_FIELDS, type PaymentRecord } from "../payments/payment-record";
import { FileRefusedError, readCsv } from "./read-csv";
import type { ImportJobProgress, ImportProgress, ImportSummary } from "./run-import";

const PROGRESS_EVERY = 500;
const QUARANTINE_BATCH = 500;

/** A payment verb's field → the file's field it came from (a refusal names the column the client wrote). */
const FILE_FIELD: Record<string, string> = { amount: "amountMinor", amountMinor: "amountMinor", currency: "currency", reference: "externalReference", receivedAt: "paidDate", accountReference: "accountReference" };

/**
 * One row applied through the API's own payment verbs, as the key's client would post it: a payment by
 * postClientPayment (once per external reference: a row seen before is a duplicate, nothing posted),
 * a reversal by reversePayment of the payment with that reference on the account (reopening what it
 * closed; one reversed already is a duplicate). Each is its own transaction with its audit row.
 */
async function applyPaymentRow(ctx: DomainContext, clientId: string, r: PaymentRecord): Promise<"posted" | "reversed" | "duplicate"> {
  if (r.type === "payment") {
    const paid = await postClientPayment(ctx, clientId, {
      accountReference: r.accountReference, amountMinor: r.amountMinor, currency: r.currency, method: "bank_transfer",
      reference: r.externalReference, receivedAt: `${r.paidDate}T00:00:00Z`,
    });
    return paid.duplicate ? "duplicate" : "posted";
  }
  const account = await loadClientAccount(ctx.db, clientId, r.accountReference);
  const [payment] = await ctx.db.select({ id: schema.payments.id, status: schema.payments.status, amountMinor: schema.payments.amountMinor, currency: schema.payments.currency })
    .from(schema.payments).where(and(eq(schema.payments.caseId, account.caseId), eq(schema.payments.reference, r.externalReference)));
  if (!payment) throw new ValidationError("reference", "payment_unknown", { reference: r.externalReference });
  if (payment.status === "reversed") return "duplicate";
  if (payment.amountMinor !== r.amountMinor || payment.currency !== r.currency) throw new ValidationError("amountMinor", "reversal_amount_mismatch", { amountMinor: payment.amountMinor, currency: payment.currency });
  await reversePayment(ctx, { paymentId: payment.id, reason: "returned" });
  return "reversed";
}

/** A refused row's problem, named by the file's field: the verbs' field errors, an unknown account. */
function rowProblem(error: DomainError): FieldProblem {
  if (error instanceof ValidationError) return { field: FILE_FIELD[error.field] ?? error.field, reason: error.key };
  if (error instanceof NotFoundError) return { field: "accountReference", reason: "account_unknown" };
  return { field: "row", reason: error.key };
}

/**
 * Runs a client's payments file (kind "payment"): streamed (readCsv), each row checked
 * (checkPaymentRecord) and applied through the same verbs as the API's payments, or quarantined with
 * its row, field and reason. Unlike a placement file's single merge, each row commits on its own: the
 * external reference makes every row idempotent, so a file cut short (a crash, a cancel, seen every
 * 500 rows) is finished by running it again, and a re-import posts nothing twice. Another client's
 * account reference does not exist for this client's file (account_unknown).
 */
export async function runPaymentImport(ctx: DomainContext, input: { runId: string; onProgress?: (p: ImportJobProgress) => Promise<void> | void }): Promise<ImportSummary> {
  const [run] = await ctx.db.select().from(schema.importRuns).where(eq(schema.importRuns.id, input.runId));
  if (!run) throw new NotFoundError("import_run", input.runId);
  if (run.status === "completed" || run.status === "cancelled") {
    return { status: run.status, rowsRead: run.rowsRead, rowsValid: run.rowsValid, rowsQuarantined: run.rowsQuarantined, created: run.created, updated: run.updated, balanceChanges: run.balanceChanges };
  }
  await ctx.db.update(schema.importRuns).set({ status: "running", startedAt: ctx.clock(), rowsRead: 0, rowsValid: 0, rowsQuarantined: 0, created: 0, updated: 0, errorKey: null, errorParams: null })
    .where(eq(schema.importRuns.id, run.id));
  // A retried job reads the file again from its first row: the attempt before left its quarantine.
  await ctx.db.delete(schema.importQuarantine).where(eq(schema.importQuarantine.runId, run.id));
  const progress: ImportProgress = { rowsRead: 0, rowsValid: 0, rowsQuarantined: 0 };
  const applied = { created: 0, updated: 0 };
  const position = { bytesRead: 0 };
  const bytesTotal = await stat(run.filePath).then((s) => s.size, () => 0);
  const quarantine: Array<typeof schema.importQuarantine.$inferInsert> = [];
  const flushQuarantine = async () => {
    if (quarantine.length) await ctx.db.insert(schema.importQuarantine).values(quarantine.splice(0));
  };
  const refuse = (rowNo: number, problems: FieldProblem[], accountReference?: string) => {
    progress.rowsQuarantined++;
    for (const p of problems) quarantine.push({ runId: run.id, rowNo, field: p.field, reason: p.reason, accountReference: accountReference?.trim().slice(0, 100) || null });
  };
  let cancelled = false;
  const report = async () => {
    await flushQuarantine();
    const [now] = await ctx.db.update(schema.importRuns).set({ ...progress, ...applied }).where(eq(schema.importRuns.id, run.id)).returning({ status: schema.importRuns.status });
    await input.onProgress?.({ ...progress, bytesRead: Math.min(position.bytesRead, bytesTotal), bytesTotal });
    cancelled = now?.status === "cancelled";
  };
  const today = ctx.now.toISOString().slice(0, 10);
  try {
    let header: string[] | null = null;
    let index: Array<[string, number]> = [];
    for await (const { record } of readCsv(run.filePath, run.encoding, { position })) {
      if (!header) {
        header = record.map((h) => h.trim());
        for (const field of REQUIRED_PAYMENT_FILE_FIELDS) {
          if (!run.mapping[field] || !header.includes(run.mapping[field]!)) throw new FileRefusedError("column_missing", { field });
        }
        index = Object.entries(run.mapping).filter(([f, col]) => (PAYMENT_FILE_FIELDS as readonly string[]).includes(f) && header!.includes(col)).map(([f, col]) => [f, header!.indexOf(col)]);
        continue;
      }
      const rowNo = ++progress.rowsRead;
      const values: Record<string, string> = {};
      for (const [field, i] of index) values[field] = record[i] ?? "";
      if (record.length !== header.length) refuse(rowNo, [{ field: "row", reason: "row_malformed" }], values.accountReference);
      else {
        const checked = checkPaymentRecord(today, values);
        if (!checked.ok) refuse(rowNo, checked.problems, values.accountReference);
        else {
          try {
            const outcome = await applyPaymentRow(ctx, run.clientId, checked.record);
            progress.rowsValid++;
            if (outcome === "posted") applied.created++;
            if (outcome === "reversed") applied.updated++;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            refuse(rowNo, [rowProblem(error)], values.accountReference);
          }
        }
      }
      if (quarantine.length >= QUARANTINE_BATCH) await flushQuarantine();
      if (rowNo % PROGRESS_EVERY === 0) {
        await report();
        if (cancelled) break;
      }
    }
    if (!header) throw new FileRefusedError("column_missing", { field: "externalReference" });
    await report();
    const finishedAt = ctx.clock();
    if (cancelled) {
      await ctx.db.update(schema.importRuns).set({ finishedAt }).where(eq(schema.importRuns.id, run.id));
      return { status: "cancelled", ...progress, ...applied, balanceChanges: 0 };
    }
    await ctx.db.transaction(async (tx) => {
      await tx.update(schema.importRuns).set({ ...progress, ...applied, status: "completed", finishedAt }).where(eq(schema.importRuns.id, run.id));
      await writeAudit(tx, ctx.actor, { action: "import.payment", entityType: "import_run", entityId: run.id, details: { clientId: run.clientId, ...progress, ...applied } }, ctx.now);
    });
    await input.onProgress?.({ ...progress, bytesRead: bytesTotal, bytesTotal });
    return { status: "completed", ...progress, ...applied, balanceChanges: 0 };
  } catch (error) {
    await flushQuarantine().catch(() => {});
    if (error instanceof FileRefusedError) {
      await ctx.db.update(schema.importRuns).set({ status: "failed", errorKey: error.key, errorParams: error.params, finishedAt: ctx.clock(), ...progress, ...applied })
        .where(eq(schema.importRuns.id, run.id));
      return { status: "failed", ...progress, ...applied, balanceChanges: 0, errorKey: error.key };
    }
    // A crash: the rows applied stay applied (each committed); running the file again finishes it.
    await ctx.db.update(schema.importRuns).set({ status: "failed", errorKey: "invalid_input", finishedAt: ctx.clock(), ...progress, ...applied }).where(eq(schema.importRuns.id, run.id)).catch(() => {});
    throw error;
  }
}
