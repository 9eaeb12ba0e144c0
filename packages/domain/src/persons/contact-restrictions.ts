import { eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { loadCaseForActor } from "../cases/case-access";
import { reprioritiseIn } from "../cases/reprioritise-cases";
import { lockRows } from "../locks/lock-rows";

/**
 * The debtor's own requests about how they may be contacted, as the gate reads them
 * (build-check-request: persons.written_only_since → flags.writtenOnly, persons.no_workplace_contact →
 * flags.noWorkplaceContact). Each verb file names one request; this is their shared write.
 *
 * A refusal of calls is recorded as writtenOnly, not as a cease hold: CN-WRITTEN reads either flag, but
 * a cease also stops letters (and under US-FDCPA 805(c) all collection), while the debtor who refuses
 * calls keeps the right to written notices (CN-WRITTEN allows letters and email; so do US-REGF-MEDIUM and
 * UK-CONC-HOW for writtenOnly). A debtor who wants no contact at all gets the cease hold instead.
 */
export type ContactRestriction = "written_demand" | "refused_calls" | "no_workplace_contact";

export async function setContactRestriction(
  ctx: DomainContext,
  input: { caseId: string; restriction: ContactRestriction },
): Promise<{ personId: string }> {
  return ctx.db.transaction(async (tx) => {
    // Access first (no lock), then the person row the gate serialises on, before anything is written.
    const c = await loadCaseForActor(tx, ctx.actor, input.caseId);
    await lockRows(tx, { persons: [c.personId] });
    const [person] = await tx.select().from(schema.persons).where(eq(schema.persons.id, c.personId));
    if (input.restriction === "no_workplace_contact") {
      if (person!.noWorkplaceContact) throw new ConflictError("preference_already_recorded");
      await tx.update(schema.persons).set({ noWorkplaceContact: true }).where(eq(schema.persons.id, c.personId));
    } else {
      if (person!.writtenOnlyReason === input.restriction) throw new ConflictError("preference_already_recorded");
      await tx.update(schema.persons).set({ writtenOnlySince: person!.writtenOnlySince ?? ctx.now, writtenOnlyReason: input.restriction })
        .where(eq(schema.persons.id, c.personId));
    }
    await writeAudit(tx, ctx.actor, {
      action: `person.${input.restriction}`, entityType: "person", entityId: c.personId, caseId: c.id, personId: c.personId,
      details: { restriction: input.restriction },
    }, ctx.now);
    await reprioritiseOpenCases(tx, ctx.now, c.personId);
    return { personId: c.personId };
  });
}

/** The restriction is on the person: every open case of theirs may now have no workable channel. */
async function reprioritiseOpenCases(tx: DbOrTx, now: Date, personId: string): Promise<void> {
  const rows = await tx.select({ id: schema.cases.id }).from(schema.cases).where(eq(schema.cases.personId, personId));
  await reprioritiseIn(tx, now, rows.map((r) => r.id));
}
