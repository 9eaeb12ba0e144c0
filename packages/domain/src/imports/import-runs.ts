import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { Actor, DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { IMPORT_FILE_FIELDS, IMPORT_KINDS } from "./file-kinds";
import { FileRefusedError, previewCsv } from "./read-csv";

/** Imports are run by admins and supervisors (the console), and by a client's API key for its own client. */
function requireImporter(actor: Actor, clientId: string): void {
  if (actor.kind === "api" && actor.clientId === clientId) return;
  if (actor.kind === "system") return;
  if (actor.kind === "user" && (actor.role === "admin" || actor.role === "supervisor")) return;
  throw new ForbiddenError();
}

export const CreateImportRun = z.object({
  clientId: z.uuid(),
  kind: z.enum(IMPORT_KINDS),
  filePath: z.string().min(1),
  fileName: z.string().trim().min(1).max(255),
  encoding: z.enum(["utf-8", "gbk"]),
  /** The kind's field → the file's column header; saved as the client's mapping for the next file. */
  mapping: z.record(z.string(), z.string().min(1).max(200)),
}).superRefine((v, c) => {
  for (const field of Object.keys(v.mapping)) {
    if (!IMPORT_FILE_FIELDS[v.kind].all.includes(field)) c.addIssue({ code: "custom", path: ["mapping", field], message: "invalid_option" });
  }
});
export type CreateImportRun = z.input<typeof CreateImportRun>;

/** A file on the import disk becomes a queued run (the worker's run-import job reads it). */
export async function createImportRun(ctx: DomainContext, input: CreateImportRun): Promise<{ runId: string }> {
  const p = parseInput(CreateImportRun, input);
  requireImporter(ctx.actor, p.clientId);
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx.insert(schema.importRuns).values({
      clientId: p.clientId, kind: p.kind, filePath: p.filePath, fileName: p.fileName, encoding: p.encoding, mapping: p.mapping,
      createdBy: ctx.actor.kind === "user" ? ctx.actor.userId : null, createdAt: ctx.now,
    }).returning({ id: schema.importRuns.id });
    await tx.insert(schema.importMappings).values({ clientId: p.clientId, kind: p.kind, mapping: p.mapping, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [schema.importMappings.clientId, schema.importMappings.kind], set: { mapping: p.mapping, updatedAt: ctx.now } });
    await writeAudit(tx, ctx.actor, { action: "import.create", entityType: "import_run", entityId: run!.id, details: { clientId: p.clientId, kind: p.kind, encoding: p.encoding } }, ctx.now);
    return { runId: run!.id };
  });
}

/**
 * Runs still queued a while after they were created: their job never reached Redis (the enqueue after
 * the commit failed, or Redis lost its data before a worker took it). The worker's maintenance job
 * enqueues them again under their deterministic job id, so a run whose job does exist is not doubled
 * and no accepted file is silently forgotten. Ids only: the file and its rows never leave the database.
 */
export async function listStrandedImportRuns(ctx: DomainContext, input: { queuedForMs?: number; limit?: number } = {}): Promise<string[]> {
  if (ctx.actor.kind !== "system") throw new ForbiddenError();
  const before = new Date(ctx.clock().getTime() - (input.queuedForMs ?? 60_000));
  const rows = await ctx.db.select({ id: schema.importRuns.id }).from(schema.importRuns)
    .where(and(eq(schema.importRuns.status, "queued"), lt(schema.importRuns.createdAt, before)))
    .orderBy(asc(schema.importRuns.createdAt)).limit(input.limit ?? 100);
  return rows.map((r) => r.id);
}

/** Cancels a queued or running import: the runner notices at its next progress write and rolls back. */
export async function cancelImportRun(ctx: DomainContext, input: { runId: string }): Promise<void> {
  const [run] = await ctx.db.select().from(schema.importRuns).where(eq(schema.importRuns.id, input.runId));
  if (!run) throw new NotFoundError("import_run", input.runId);
  requireImporter(ctx.actor, run.clientId);
  const [done] = await ctx.db.update(schema.importRuns).set({ status: "cancelled" })
    .where(and(eq(schema.importRuns.id, run.id), eq(schema.importRuns.status, run.status === "queued" ? "queued" : "running"))).returning({ id: schema.importRuns.id });
  if (!done) throw new ConflictError("import_not_cancellable");
  await writeAudit(ctx.db, ctx.actor, { action: "import.cancel", entityType: "import_run", entityId: run.id, details: { clientId: run.clientId } }, ctx.now);
}

/** A client's import history, newest first. */
export async function listImportRuns(ctx: DomainContext, input: { clientId?: string; limit?: number } = {}) {
  if (ctx.actor.kind === "user" && ctx.actor.role !== "admin" && ctx.actor.role !== "supervisor") throw new ForbiddenError();
  const clientId = ctx.actor.kind === "api" ? ctx.actor.clientId : input.clientId;
  return ctx.db.select().from(schema.importRuns).where(clientId ? eq(schema.importRuns.clientId, clientId) : undefined).orderBy(desc(schema.importRuns.createdAt)).limit(input.limit ?? 50);
}

/** A run's quarantine in row order, a page at a time (the CSV download streams through it). The first
 *  page of a read is audited: the quarantine names the client's account references. */
export async function listImportQuarantine(ctx: DomainContext, input: { runId: string; afterRow?: number; limit?: number }) {
  const [run] = await ctx.db.select({ clientId: schema.importRuns.clientId }).from(schema.importRuns).where(eq(schema.importRuns.id, input.runId));
  if (!run) throw new NotFoundError("import_run", input.runId);
  requireImporter(ctx.actor, run.clientId);
  if (!input.afterRow) await writeAudit(ctx.db, ctx.actor, { action: "import.quarantine_view", entityType: "import_run", entityId: input.runId, details: { clientId: run.clientId } }, ctx.now);
  const q = schema.importQuarantine;
  return ctx.db.select({ rowNo: q.rowNo, field: q.field, reason: q.reason, accountReference: q.accountReference }).from(q)
    .where(and(eq(q.runId, input.runId), input.afterRow ? gt(q.rowNo, input.afterRow) : undefined)).orderBy(asc(q.rowNo), asc(q.field)).limit(input.limit ?? 5_000);
}

/** One run: its file, mapping, status and progress (rows read, valid, quarantined, as the job wrote them). */
export async function getImportRun(ctx: DomainContext, input: { runId: string }) {
  const [run] = await ctx.db.select().from(schema.importRuns).where(eq(schema.importRuns.id, input.runId));
  if (!run) throw new NotFoundError("import_run", input.runId);
  requireImporter(ctx.actor, run.clientId);
  return run;
}

/**
 * A failed or cancelled run again, from the start, as a new run of the same file and mapping (the
 * history keeps both). Nothing of the first run was merged (run-import.ts merges in one transaction),
 * so resuming and re-running are the same thing and no row is counted twice.
 */
export async function rerunImportRun(ctx: DomainContext, input: { runId: string }): Promise<{ runId: string }> {
  const run = await getImportRun(ctx, input);
  if (run.status !== "failed" && run.status !== "cancelled") throw new ConflictError("import_not_rerunnable");
  return ctx.db.transaction(async (tx) => {
    const [again] = await tx.insert(schema.importRuns).values({
      clientId: run.clientId, kind: run.kind, filePath: run.filePath, fileName: run.fileName, encoding: run.encoding, mapping: run.mapping,
      createdBy: ctx.actor.kind === "user" ? ctx.actor.userId : null, createdAt: ctx.now,
    }).returning({ id: schema.importRuns.id });
    await writeAudit(tx, ctx.actor, { action: "import.rerun", entityType: "import_run", entityId: again!.id, details: { clientId: run.clientId, of: run.id } }, ctx.now);
    return { runId: again!.id };
  });
}

export const RecordImportUpload = z.object({
  clientId: z.uuid(),
  fileId: z.uuid(),
  fileName: z.string().trim().min(1).max(255),
  bytes: z.number().int().nonnegative(),
});
export type RecordImportUpload = z.input<typeof RecordImportUpload>;

/** A file streamed to the import disk by the console's upload route: audited (who sent what, for which client). */
export async function recordImportUpload(ctx: DomainContext, input: RecordImportUpload): Promise<void> {
  const p = parseInput(RecordImportUpload, input);
  requireImporter(ctx.actor, p.clientId);
  const [client] = await ctx.db.select({ id: schema.clients.id }).from(schema.clients).where(eq(schema.clients.id, p.clientId));
  if (!client) throw new NotFoundError("client", p.clientId);
  await writeAudit(ctx.db, ctx.actor, { action: "import.upload", entityType: "import_file", entityId: p.fileId, details: { clientId: p.clientId, bytes: p.bytes } }, ctx.now);
}

export const PreviewImportFile = z.object({
  clientId: z.uuid(),
  kind: z.enum(IMPORT_KINDS),
  filePath: z.string().min(1),
  encoding: z.enum(["utf-8", "gbk"]),
  rows: z.number().int().min(1).max(20).default(5),
});
export type PreviewImportFile = z.input<typeof PreviewImportFile>;

/**
 * The mapping preview: the file's header and first rows (streamed, only those lines are read) and the
 * client's saved mapping for this kind of file. Each field's suggested column is the saved one when the
 * file has it, else a column named like the field. The preview shows debtors' data: it is audited.
 */
export async function previewImportFile(ctx: DomainContext, input: PreviewImportFile) {
  const p = parseInput(PreviewImportFile, input);
  requireImporter(ctx.actor, p.clientId);
  const preview = await previewCsv(p.filePath, p.encoding, p.rows).catch((error: unknown) => {
    // The same refusals as the run's (wrong encoding, broken CSV), named on the encoding the user chose.
    if (error instanceof FileRefusedError) throw new ValidationError("encoding", error.key, error.params);
    if ((error as { code?: string }).code === "ENOENT") throw new ConflictError("import_file_missing");
    throw error;
  });
  const header = preview.header.map((h) => h.trim());
  const [saved] = await ctx.db.select({ mapping: schema.importMappings.mapping }).from(schema.importMappings)
    .where(and(eq(schema.importMappings.clientId, p.clientId), eq(schema.importMappings.kind, p.kind)));
  const squash = (v: string) => v.toLowerCase().replace(/[^a-z0-9]/g, "");
  const suggested: Record<string, string> = {};
  for (const field of IMPORT_FILE_FIELDS[p.kind].all) {
    const fromSaved = saved?.mapping[field];
    const column = fromSaved && header.includes(fromSaved) ? fromSaved : header.find((h) => squash(h) === squash(field));
    if (column) suggested[field] = column;
  }
  await writeAudit(ctx.db, ctx.actor, { action: "import.preview", entityType: "client", entityId: p.clientId, details: { kind: p.kind, rows: preview.rows.length } }, ctx.now);
  return { header, rows: preview.rows, saved: saved?.mapping ?? null, suggested };
}
