import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";

export const EscalateToLegal = z.object({ caseId: z.uuid(), reason: z.string().trim().min(3, "reason_required").max(2000) });
export type EscalateToLegal = z.infer<typeof EscalateToLegal>;

/** Moves the case to the legal queue. Time-barred debts stay out of litigation (US-REGF-TIMEBAR is the
 *  gate's job when a litigation contact is proposed); a disputed debt cannot escalate until verified. */
export async function escalateToLegal(ctx: DomainContext, input: EscalateToLegal): Promise<{ queue: "legal" }> {
  const p = parseInput(EscalateToLegal, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true, work: true });
    if (c.queue === "legal") throw new ConflictError("case_already_legal");
    const disputed = await tx.select({ id: schema.accounts.id }).from(schema.accounts).where(and(eq(schema.accounts.caseId, c.id), eq(schema.accounts.status, "disputed")));
    if (disputed.length) throw new ConflictError("account_disputed_no_legal");
    await tx.update(schema.cases).set({ queue: "legal", stage: "legal", stageEnteredAt: ctx.now }).where(eq(schema.cases.id, c.id));
    await tx.update(schema.accounts).set({ status: "legal" }).where(and(eq(schema.accounts.caseId, c.id), inArray(schema.accounts.status, ["active", "promised"])));
    await writeAudit(tx, ctx.actor, { action: "case.escalate_legal", entityType: "case", entityId: c.id, caseId: c.id, personId: c.personId, details: { reason: p.reason } }, ctx.now);
    return { queue: "legal" };
  });
}
