import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";

export const RecordOptOut = z.object({
  caseId: z.uuid(),
  channel: z.enum(["call", "voicemail", "sms", "email", "letter", "visit"]),
  /** Absent: the whole channel. */
  contactPointId: z.uuid().optional(),
  source: z.enum(["agent", "letter", "sms_reply", "portal", "email_link"]).default("agent"),
});
export type RecordOptOut = z.input<typeof RecordOptOut>;

/** A medium opt-out (US-REGF-MEDIUM): the gate blocks that channel (or address) from now on. */
export async function recordOptOut(ctx: DomainContext, input: RecordOptOut): Promise<{ optOutId: string }> {
  const p = parseInput(RecordOptOut, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId);
    if (p.contactPointId) {
      const [cp] = await tx.select({ id: schema.contactPoints.id }).from(schema.contactPoints)
        .where(and(eq(schema.contactPoints.id, p.contactPointId), eq(schema.contactPoints.personId, c.personId)));
      if (!cp) throw new NotFoundError("contact point", p.contactPointId);
    }
    const [row] = await tx.insert(schema.optOuts).values({ personId: c.personId, channel: p.channel, contactPointId: p.contactPointId ?? null, source: p.source, recordedBy: actorUserId(ctx.actor) })
      .returning({ id: schema.optOuts.id });
    await writeAudit(tx, ctx.actor, { action: "opt_out.record", entityType: "opt_out", entityId: row!.id, caseId: c.id, personId: c.personId, details: { channel: p.channel, contactPointId: p.contactPointId ?? null } }, ctx.now);
    return { optOutId: row!.id };
  });
}
