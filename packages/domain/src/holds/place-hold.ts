import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { IsoDate } from "../cases/dates";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const PlaceHold = z.discriminatedUnion("kind", [
  z.object({ caseId: z.uuid(), kind: z.literal("cease"), note: z.string().max(2000).optional() }),
  z.object({
    caseId: z.uuid(), kind: z.literal("attorney"),
    attorney: z.object({
      name: z.string().trim().min(2, "attorney_name_required"),
      firm: z.string().trim().max(200).optional(),
      phone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, "phone_e164").optional().or(z.literal("").transform(() => undefined)),
      email: z.email("email_invalid").optional().or(z.literal("").transform(() => undefined)),
    }),
    note: z.string().max(2000).optional(),
  }),
  z.object({
    caseId: z.uuid(), kind: z.literal("bankruptcy"),
    bankruptcy: z.object({ chapter: z.enum(["7", "11", "13"]), filingDate: z.string().regex(IsoDate, "date_format"), caseNumber: z.string().trim().max(50).optional() }),
    note: z.string().max(2000).optional(),
  }),
  z.object({
    caseId: z.uuid(), kind: z.literal("deceased"),
    deceased: z.object({ dateOfDeath: z.string().regex(IsoDate, "date_format").optional().or(z.literal("").transform(() => undefined)), estateRepresentative: z.string().trim().max(200).optional() }),
    note: z.string().max(2000).optional(),
  }),
  z.object({ caseId: z.uuid(), kind: z.enum(["hardship", "fraud", "lacks_capacity"]), note: z.string().max(2000).optional() }),
]);
export type PlaceHold = z.input<typeof PlaceHold>;

/** Cease, attorney, bankruptcy, deceased...: the hold is on the person, so outreach stops on all their cases. */
export async function placeHold(ctx: DomainContext, input: PlaceHold): Promise<{ holdId: string }> {
  const p = parseInput(PlaceHold, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true });
    const details = {
      ...("attorney" in p ? { attorney: p.attorney } : {}),
      ...("bankruptcy" in p ? { bankruptcy: p.bankruptcy } : {}),
      ...("deceased" in p ? { deceased: p.deceased } : {}),
      ...(p.note ? { note: p.note } : {}),
    };
    const [row] = await tx.insert(schema.holds).values({ personId: c.personId, caseId: c.id, kind: p.kind, details, placedBy: actorUserId(ctx.actor), placedAt: ctx.now })
      .returning({ id: schema.holds.id });
    await writeAudit(tx, ctx.actor, { action: "hold.place", entityType: "hold", entityId: row!.id, caseId: c.id, personId: c.personId, details: { kind: p.kind } }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c.id, "hold_placed", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { holdId: row!.id };
  });
}
