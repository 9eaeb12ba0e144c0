import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const ReleaseHold = z.object({
  caseId: z.uuid(),
  holdId: z.uuid(),
  reason: z.string().trim().min(3, "reason_required").max(2000, "text_too_long"),
});
export type ReleaseHold = z.input<typeof ReleaseHold>;

/** The counterpart of placeHold: the hold ends (with its reason, audited) and outreach may plan again. */
export async function releaseHold(ctx: DomainContext, input: ReleaseHold): Promise<{ holdId: string }> {
  const p = parseInput(ReleaseHold, input);
  return ctx.db.transaction(async (tx) => {
    // person → case (locks/lock-rows.ts): a hold is the person's, guarded by the person lock the gate
    // reads holds under; no row lock of its own.
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true });
    const [hold] = await tx.select().from(schema.holds).where(and(eq(schema.holds.id, p.holdId), eq(schema.holds.personId, c.personId)));
    if (!hold) throw new NotFoundError("hold", p.holdId);
    if (hold.releasedAt) throw new ConflictError("hold_not_active");
    await tx.update(schema.holds).set({ releasedAt: ctx.now, releasedBy: actorUserId(ctx.actor), releaseReason: p.reason }).where(eq(schema.holds.id, hold.id));
    // The reason may name the debtor's circumstances: it stays on the hold row, not in the audit details.
    await writeAudit(tx, ctx.actor, { action: "hold.release", entityType: "hold", entityId: hold.id, caseId: c.id, personId: c.personId, details: { kind: hold.kind } }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c.id, "hold_released", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { holdId: hold.id };
  });
}
