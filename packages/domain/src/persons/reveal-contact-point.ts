import { and, count, eq, gt, or } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError, RateLimitedError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseForActor, requireUserActor } from "../cases/case-access";

export const RevealContactPoint = z.object({ caseId: z.uuid(), contactPointId: z.uuid() });
export type RevealContactPoint = z.infer<typeof RevealContactPoint>;

/** A user reveals at most this many values per window: enough for a day of calls, too few to walk
 *  the book with a stolen session (issue 10). Counted from the audit trail itself. */
export const REVEAL_LIMIT = { perWindow: 30, windowMinutes: 15 } as const;

/** Shows a masked phone, email or address in full; who looked at whose data is an audit event. */
export async function revealContactPoint(ctx: DomainContext, input: RevealContactPoint): Promise<{ value: string }> {
  const p = parseInput(RevealContactPoint, input);
  const actor = requireUserActor(ctx.actor);
  const since = new Date(ctx.now.getTime() - REVEAL_LIMIT.windowMinutes * 60_000);
  const a = schema.auditEvents;
  const [recent] = await ctx.db.select({ n: count() }).from(a)
    .where(and(eq(a.actorUserId, actor.userId), eq(a.action, "person.reveal"), gt(a.at, since)));
  if ((recent?.n ?? 0) >= REVEAL_LIMIT.perWindow) {
    // The refusal is audited too: a burst of reveals is what a reviewer wants to see.
    await writeAudit(ctx.db, ctx.actor, { action: "person.reveal_refused", entityType: "contact_point", entityId: p.contactPointId, caseId: p.caseId, details: { reason: "rate_limited" } }, ctx.now);
    throw new RateLimitedError(REVEAL_LIMIT.windowMinutes);
  }
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId);
    // The point must belong to this case's debtor or one of the debtor's related parties.
    const [cp] = await tx.select({ cp: schema.contactPoints }).from(schema.contactPoints)
      .leftJoin(schema.relatedParties, and(eq(schema.relatedParties.personId, schema.contactPoints.personId), eq(schema.relatedParties.debtorPersonId, c.personId)))
      .where(and(eq(schema.contactPoints.id, p.contactPointId), or(eq(schema.contactPoints.personId, c.personId), eq(schema.relatedParties.debtorPersonId, c.personId))))
      .limit(1);
    if (!cp) throw new NotFoundError("contact point", p.contactPointId);
    await writeAudit(tx, ctx.actor, { action: "person.reveal", entityType: "contact_point", entityId: cp.cp.id, caseId: c.id, personId: cp.cp.personId, details: { kind: cp.cp.kind } }, ctx.now);
    return { value: cp.cp.value };
  });
}
