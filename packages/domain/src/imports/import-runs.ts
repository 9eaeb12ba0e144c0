import { and, asc, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { Actor, DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { PLACEMENT_FIELDS } from "../placements/placement-record";

/** Imports are run by admins and supervisors (the console), and by a client's API key for its own client. */
function requireImporter(actor: Actor, clientId: string): void {
  if (actor.kind === "api" && actor.clientId === clientId) return;
  if (actor.kind === "system") return;
  if (actor.kind === "user" && (actor.role === "admin" || actor.role === "supervisor")) return;
  throw new ForbiddenError();
}

export const CreateImportRun = z.object({
  clientId: z.uuid(),
  kind: z.enum(["placement", "recall"]),
  filePath: z.string().min(1),
  fileName: z.string().trim().min(1).max(255),
  encoding: z.enum(["utf-8", "gbk"]),
  /** Placement field → the file's column header; saved as the client's mapping for the next file. */
  mapping: z.partialRecord(z.enum(PLACEMENT_FIELDS), z.string().min(1).max(200)),
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

/** A run's quarantine in row order, a page at a time (the CSV download streams through it). */
export async function listImportQuarantine(ctx: DomainContext, input: { runId: string; afterRow?: number; limit?: number }) {
  const [run] = await ctx.db.select({ clientId: schema.importRuns.clientId }).from(schema.importRuns).where(eq(schema.importRuns.id, input.runId));
  if (!run) throw new NotFoundError("import_run", input.runId);
  requireImporter(ctx.actor, run.clientId);
  const q = schema.importQuarantine;
  return ctx.db.select({ rowNo: q.rowNo, field: q.field, reason: q.reason, accountReference: q.accountReference }).from(q)
    .where(and(eq(q.runId, input.runId), input.afterRow ? gt(q.rowNo, input.afterRow) : undefined)).orderBy(asc(q.rowNo), asc(q.field)).limit(input.limit ?? 5_000);
}
