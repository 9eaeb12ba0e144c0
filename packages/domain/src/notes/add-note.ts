import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";

export const AddNote = z.object({ caseId: z.uuid(), body: z.string().trim().min(1, "text_required").max(4000, "text_too_long") });
export type AddNote = z.infer<typeof AddNote>;

export async function addNote(ctx: DomainContext, input: AddNote): Promise<{ noteId: string }> {
  const p = parseInput(AddNote, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId);
    const [row] = await tx.insert(schema.notes).values({ caseId: c.id, authorId: actorUserId(ctx.actor), body: p.body, createdAt: ctx.now }).returning({ id: schema.notes.id });
    await writeAudit(tx, ctx.actor, { action: "note.add", entityType: "note", entityId: row!.id, caseId: c.id, personId: c.personId }, ctx.now);
    return { noteId: row!.id };
  });
}
