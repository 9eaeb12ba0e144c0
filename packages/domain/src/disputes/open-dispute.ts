import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema, type Tx } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { loadCaseAccounts } from "../cases/case-accounts";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const OpenDispute = z.object({
  caseId: z.uuid(),
  accountId: z.uuid(),
  receivedVia: z.enum(["written", "oral", "portal", "email"]),
  /** What is objected to: the debt's existence, its amount, or the debtor's identity (CN-DISPUTE). */
  ground: z.enum(["existence", "amount", "identity", "other"]).default("other"),
  reason: z.string().trim().min(3, "dispute_reason_required").max(2000, "text_too_long"),
});
export type OpenDispute = z.input<typeof OpenDispute>;

/** The debtor contests a debt (an objection to its existence, amount or their identity): collection of it
 *  pauses until verification is sent (US-REGF-DISPUTE, CN-DISPUTE: the gate reads open disputes as
 *  disputedDebtIds). */
export async function openDispute(ctx: DomainContext, input: OpenDispute): Promise<{ disputeId: string }> {
  const p = parseInput(OpenDispute, input);
  return ctx.db.transaction((tx) => openDisputeIn(tx, ctx, p));
}

/** The dispute's write inside the caller's transaction (the portal adds the debtor's document to it). */
export async function openDisputeIn(tx: Tx, ctx: DomainContext, p: z.output<typeof OpenDispute>): Promise<{ disputeId: string }> {
  {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true });
    const [account] = await loadCaseAccounts(tx, c.id, [p.accountId]);
    const [open] = await tx.select({ id: schema.disputes.id }).from(schema.disputes)
      .where(and(eq(schema.disputes.accountId, account!.id), eq(schema.disputes.status, "open"))).limit(1);
    if (open) throw new ConflictError("dispute_already_open");
    const [row] = await tx.insert(schema.disputes).values({
      caseId: c.id, accountId: account!.id, receivedVia: p.receivedVia, ground: p.ground, reason: p.reason, openedBy: actorUserId(ctx.actor), openedAt: ctx.now,
    }).returning({ id: schema.disputes.id });
    await tx.update(schema.accounts).set({ status: "disputed" }).where(eq(schema.accounts.id, account!.id));
    await writeAudit(tx, ctx.actor, { action: "dispute.open", entityType: "dispute", entityId: row!.id, caseId: c.id, personId: c.personId, details: { accountId: account!.id, receivedVia: p.receivedVia, ground: p.ground } }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c.id, "dispute_opened", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { disputeId: row!.id };
  }
}
