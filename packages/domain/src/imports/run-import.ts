import { once } from "node:events";
import { stat } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { schema } from "@casebook/db";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { checkPlacementRecord, PLACEMENT_FIELDS, REQUIRED_PLACEMENT_FIELDS, type FieldProblem } from "../placements/placement-record";
import { copyCell, createStagingTable, FILE_STAGING_COLUMNS, stagingIds, stagingLine } from "../placements/staging";
import { mergePlacements } from "../placements/merge-placements";
import { placementTarget } from "../placements/placement-target";
import { recallAccounts } from "../placements/recall-accounts";
import { FileRefusedError, readCsv } from "./read-csv";
import { runPaymentImport } from "./run-payment-import";

export interface ImportProgress { rowsRead: number; rowsValid: number; rowsQuarantined: number }
/** What the job reports to BullMQ: the counts, and the bytes of the file read of its size (the console's bar). */
export interface ImportJobProgress extends ImportProgress { bytesRead: number; bytesTotal: number }
export interface ImportSummary extends ImportProgress { status: "completed" | "failed" | "cancelled"; created: number; updated: number; balanceChanges: number; errorKey?: string }

type CopySql = ((strings: TemplateStringsArray, ...values: unknown[]) => { writable(): Promise<Writable> }) & { unsafe(query: string): unknown };
type RawClient = { options: unknown; begin<T>(fn: (sql: CopySql) => Promise<T>): Promise<T> };

/** The run was cancelled from the console: its transaction rolls back, nothing merged. */
class ImportCancelled extends Error {}

const PROGRESS_EVERY = 10_000;
const QUARANTINE_BATCH = 10_000;

/**
 * Runs one import in ONE transaction on its own connection: the file is streamed (readCsv), each row
 * checked (placement-record.ts) and either COPYed into a temp staging table or quarantined with its
 * row number, field and reason; then one merge (placements) or one recall. Progress (rows read, valid,
 * quarantined) is written beside it on another connection every 10,000 rows, where the console reads
 * it and where a cancel is noticed. A cancel, a crash or a refused file rolls everything back: the
 * book, the quarantine and the summary are written together or not at all, and the run can be run again.
 */
export async function runImport(ctx: DomainContext, input: { runId: string; onProgress?: (p: ImportJobProgress) => Promise<void> | void }): Promise<ImportSummary> {
  const [run] = await ctx.db.select().from(schema.importRuns).where(eq(schema.importRuns.id, input.runId));
  if (!run) throw new NotFoundError("import_run", input.runId);
  // A payments file is applied row by row through the payment verbs, not merged (run-payment-import.ts).
  if (run.kind === "payment") return runPaymentImport(ctx, input);
  if (run.status === "completed" || run.status === "cancelled") {
    return { status: run.status, rowsRead: run.rowsRead, rowsValid: run.rowsValid, rowsQuarantined: run.rowsQuarantined, created: run.created, updated: run.updated, balanceChanges: run.balanceChanges };
  }
  await ctx.db.update(schema.importRuns).set({ status: "running", startedAt: ctx.clock(), rowsRead: 0, rowsValid: 0, rowsQuarantined: 0, errorKey: null, errorParams: null })
    .where(eq(schema.importRuns.id, run.id));
  const progress: ImportProgress = { rowsRead: 0, rowsValid: 0, rowsQuarantined: 0 };
  const position = { bytesRead: 0 };
  const bytesTotal = await stat(run.filePath).then((s) => s.size, () => 0);
  const report = async () => {
    const [now] = await ctx.db.update(schema.importRuns).set(progress).where(eq(schema.importRuns.id, run.id)).returning({ status: schema.importRuns.status });
    await input.onProgress?.({ ...progress, bytesRead: Math.min(position.bytesRead, bytesTotal), bytesTotal });
    if (now?.status === "cancelled") throw new ImportCancelled();
  };
  const today = ctx.now.toISOString().slice(0, 10);
  // postgres.js under drizzle: one reserved connection for the transaction, COPY through its writable.
  const client = (ctx.db as unknown as { $client: RawClient }).$client;
  try {
    const summary = await client.begin(async (sqlTx) => {
      // drizzle reads the driver's options (its type parsers) off the client: the transaction's handle
      // has none of its own, so it gets the pool's (the same drizzle set them up).
      const tx = drizzle(Object.assign(sqlTx, { options: client.options }) as never, { schema, casing: "snake_case" });
      // The staging COPY: open while rows are read, closed (and opened again) around anything else the
      // transaction's connection must run, since that connection carries one statement at a time: an
      // INSERT sent while a COPY is open lands inside its data stream (PostgreSQL: "invalid message
      // length", the connection lost), which is how a file with 2,000 bad rows before its end failed.
      let copy: Writable | null = null;
      let chunk = "";
      const flushCopy = async () => {
        if (copy && chunk && !copy.write(chunk)) await once(copy, "drain");
        chunk = "";
      };
      const openCopy = async () => {
        if (run.kind === "placement" && !copy) copy = await sqlTx`copy import_staging (${sqlTx.unsafe(FILE_STAGING_COLUMNS.join(", "))}) from stdin`.writable();
      };
      const closeCopy = async () => {
        await flushCopy();
        if (!copy) return;
        const open = copy;
        open.end();
        await once(open, "finish");
        copy = null;
      };
      // Quarantine rows as COPY lines, loaded in bulk every QUARANTINE_BATCH of them and at the end.
      let quarantine: string[] = [];
      const flushQuarantine = async () => {
        if (!quarantine.length) return;
        const reopen = copy !== null;
        await closeCopy();
        const lines = quarantine.join("");
        quarantine = [];
        await pipeline(Readable.from([lines]), await sqlTx`copy import_quarantine (run_id, row_no, field, reason, account_reference) from stdin`.writable());
        if (reopen) await openCopy();
      };
      const refuse = (rowNo: number, problems: FieldProblem[], accountReference?: string) => {
        progress.rowsQuarantined++;
        for (const p of problems) quarantine.push(`${run.id}\t${rowNo}\t${copyCell(p.field)}\t${copyCell(p.reason)}\t${copyCell(accountReference?.slice(0, 100))}\n`);
      };

      await createStagingTable(tx, "import_staging");
      const idsOf = stagingIds(ctx.clock());
      await openCopy();
      const references: string[] = [];
      let header: string[] | null = null;
      let index: Array<[string, number]> = [];
      try {
      for await (const { record } of readCsv(run.filePath, run.encoding, { position })) {
        if (!header) {
          header = record.map((h) => h.trim());
          const needed = run.kind === "placement" ? REQUIRED_PLACEMENT_FIELDS : (["accountReference"] as const);
          for (const field of needed) {
            if (!run.mapping[field] || !header.includes(run.mapping[field]!)) throw new FileRefusedError("column_missing", { field });
          }
          index = Object.entries(run.mapping).filter(([f, col]) => (PLACEMENT_FIELDS as readonly string[]).includes(f) && header!.includes(col)).map(([f, col]) => [f, header!.indexOf(col)]);
          continue;
        }
        const rowNo = ++progress.rowsRead;
        if (record.length !== header.length) {
          refuse(rowNo, [{ field: "row", reason: "row_malformed" }], record[index.find(([f]) => f === "accountReference")?.[1] ?? 0]);
        } else {
          const values: Record<string, string> = {};
          for (const [field, i] of index) values[field] = record[i]!;
          if (run.kind === "recall") {
            const ref = values.accountReference?.trim();
            if (ref) { references.push(ref); progress.rowsValid++; } else refuse(rowNo, [{ field: "accountReference", reason: "required" }]);
          } else {
            const checked = checkPlacementRecord(today, values);
            if (checked.ok) {
              progress.rowsValid++;
              chunk += stagingLine(rowNo, checked.record, idsOf(rowNo));
              if (chunk.length > 256 * 1024) await flushCopy();
            } else refuse(rowNo, checked.problems, values.accountReference);
          }
        }
        if (quarantine.length >= QUARANTINE_BATCH) await flushQuarantine();
        if (rowNo % PROGRESS_EVERY === 0) await report();
      }
      if (!header) throw new FileRefusedError("column_missing", { field: "accountReference" });
      await closeCopy();
      } catch (error) {
        // Abort the COPY (CopyFail) so the connection leaves copy mode and the transaction rolls back.
        const open = copy as Writable | null;
        if (open && !open.writableFinished) {
          open.destroy(error as Error);
          await once(open, "close").catch(() => {});
        }
        throw error;
      }
      // A cancel asked while the last rows were read is honoured before anything is merged.
      await report();
      let created = 0;
      let updated = 0;
      let balanceChanges = 0;
      if (run.kind === "placement") {
        const target = await placementTarget(tx, run.clientId);
        const merged = await mergePlacements(tx, "import_staging", {
          clientId: run.clientId, placementId: ctx.ids(), placementReference: `file:${run.id}`, source: "file", teamId: target.teamId, strategyId: target.strategyId, currency: target.currency, now: ctx.now,
        });
        for (const d of merged.duplicates) {
          progress.rowsValid--;
          refuse(d.rowNo, [{ field: "accountReference", reason: "duplicate_row" }], d.accountReference);
        }
        ({ created, updated, balanceChanges } = merged);
      } else {
        for (let i = 0; i < references.length; i += 5_000) {
          const r = await recallAccounts(tx, run.clientId, references.slice(i, i + 5_000), ctx.now);
          updated += r.recalled.length;
        }
      }
      await flushQuarantine();
      const finishedAt = ctx.clock();
      await tx.update(schema.importRuns).set({ ...progress, status: "completed", created, updated, balanceChanges, finishedAt }).where(eq(schema.importRuns.id, run.id));
      await writeAudit(tx, ctx.actor, { action: `import.${run.kind}`, entityType: "import_run", entityId: run.id, details: { clientId: run.clientId, ...progress, created, updated, balanceChanges } }, ctx.now);
      return { status: "completed" as const, ...progress, created, updated, balanceChanges };
    });
    await input.onProgress?.({ ...progress, bytesRead: bytesTotal, bytesTotal });
    return summary;
  } catch (error) {
    if (error instanceof ImportCancelled) {
      await ctx.db.update(schema.importRuns).set({ finishedAt: ctx.clock() }).where(eq(schema.importRuns.id, run.id));
      return { status: "cancelled", ...progress, created: 0, updated: 0, balanceChanges: 0 };
    }
    if (error instanceof FileRefusedError) {
      await ctx.db.update(schema.importRuns).set({ status: "failed", errorKey: error.key, errorParams: error.params, finishedAt: ctx.clock(), ...progress })
        .where(eq(schema.importRuns.id, run.id));
      return { status: "failed", ...progress, created: 0, updated: 0, balanceChanges: 0, errorKey: error.key };
    }
    // A crash: the transaction rolled back; the run is failed and may be run again.
    await ctx.db.update(schema.importRuns).set({ status: "failed", errorKey: "invalid_input", finishedAt: ctx.clock() }).where(eq(schema.importRuns.id, run.id)).catch(() => {});
    throw error;
  }
}

