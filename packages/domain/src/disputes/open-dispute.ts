import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
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
  reason: z.string().trim().min(3, "say what is disputed").max(2000),
});
export type OpenDispute = z.infer<typeof OpenDispute>;

/** The debtor contests a debt: collection of it pauses until verification is sent (US-REGF-DISPUTE). */
export async function openDispute(ctx: DomainContext, input: OpenDispute): Promise<{ disputeId: string }> {
  const p = parseInput(OpenDispute, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true });
    const [account] = await loadCaseAccounts(tx, c.id, [p.accountId]);
    const [open] = await tx.select({ id: schema.disputes.id }).from(schema.disputes)
      .where(and(eq(schema.disputes.accountId, account!.id), eq(schema.disputes.status, "open"))).limit(1);
    if (open) throw new ConflictError("this account already has an open dispute");
    const [row] = await tx.insert(schema.disputes).values({
      caseId: c.id, accountId: account!.id, receivedVia: p.receivedVia, reason: p.reason, openedBy: actorUserId(ctx.actor), openedAt: ctx.now,
    }).returning({ id: schema.disputes.id });
    await tx.update(schema.accounts).set({ status: "disputed" }).where(eq(schema.accounts.id, account!.id));
    await writeAudit(tx, ctx.actor, { action: "dispute.open", entityType: "dispute", entityId: row!.id, caseId: c.id, personId: c.personId, details: { accountId: account!.id, receivedVia: p.receivedVia } }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c.id, "dispute_opened", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { disputeId: row!.id };
  });
}
