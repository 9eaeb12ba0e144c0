import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s, type Tx } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { Actor, DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../parse-input";
import { cancelSteps } from "../steps/step-lifecycle";

export const InvalidateContactPoint = z.object({
  contactPointId: z.uuid(),
  reason: z.enum(["bounced", "wrong_number", "disconnected"]),
});
export type InvalidateContactPoint = z.infer<typeof InvalidateContactPoint>;

/** A bounce or a wrong number: the address is no longer used; steps addressed to it are cancelled. */
export async function invalidateContactPoint(ctx: DomainContext, rawInput: InvalidateContactPoint): Promise<{ cancelledSteps: number }> {
  const input = parseInput(InvalidateContactPoint, rawInput);
  return ctx.db.transaction((tx) => invalidateContactPointInTx(tx, ctx.actor, ctx.now, input));
}

export async function invalidateContactPointInTx(tx: Tx, actor: Actor, now: Date, input: InvalidateContactPoint): Promise<{ cancelledSteps: number }> {
  const [point] = await tx
    .update(s.contactPoints)
    .set({ status: input.reason, invalidatedAt: now })
    .where(eq(s.contactPoints.id, input.contactPointId))
    .returning({ id: s.contactPoints.id, personId: s.contactPoints.personId });
  if (!point) throw new NotFoundError("contact_point", input.contactPointId);
  const cancelled = await cancelSteps(tx, eq(s.outreachSteps.contactPointId, point.id), { reason: "contact_point_invalid", now });
  await writeAudit(tx, actor, {
    action: "contact_point.invalidate",
    entityType: "contact_point",
    entityId: point.id,
    personId: point.personId,
    details: { reason: input.reason, cancelledSteps: cancelled.length },
  }, now);
  return { cancelledSteps: cancelled.length };
}
