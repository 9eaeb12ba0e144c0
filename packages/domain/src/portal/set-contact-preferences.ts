import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { parseInput } from "../parse-input";
import { lockRows } from "../locks/lock-rows";
import { recordOptOut } from "../contact-points/record-opt-out";
import { setContactRestriction } from "../persons/contact-restrictions";
import { requireDebtor } from "./portal-actor";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time_hhmm");

export const SetContactPreferences = z.object({
  preferredLanguage: z.enum(["en", "zh-CN"]),
  /** Times the debtor finds inconvenient, in their own local time (US-REGF-PLACE reads them). A window may
   *  run past midnight ("21:00"–"08:00": evenings and early mornings), as the rule reads it. */
  inconvenientWindows: z.array(z.object({ from: HHMM, to: HHMM }).refine((w) => w.from !== w.to, { message: "window_empty", path: ["to"] })).max(4),
});

/** The debtor's language and inconvenient times: the gate reads them at its next decision. Audited. */
export async function setContactPreferences(ctx: DomainContext, input: z.input<typeof SetContactPreferences>): Promise<void> {
  const { personId } = requireDebtor(ctx.actor);
  const p = parseInput(SetContactPreferences, input);
  await ctx.db.transaction(async (tx) => {
    await lockRows(tx, { persons: [personId] });
    await tx.update(s.persons).set({ preferredLanguage: p.preferredLanguage, inconvenientWindows: p.inconvenientWindows }).where(eq(s.persons.id, personId));
    await writeAudit(tx, ctx.actor, { action: "person.contact_preferences", entityType: "person", entityId: personId, personId, details: { preferredLanguage: p.preferredLanguage, inconvenientWindows: p.inconvenientWindows } }, ctx.now);
  });
}

/** The debtor's oldest open case: a restriction is on the person, the shared verbs name it through a case. */
async function anyCaseOf(ctx: DomainContext, personId: string): Promise<string> {
  const [c] = await ctx.db.select({ id: s.cases.id }).from(s.cases).where(and(eq(s.cases.personId, personId), eq(s.cases.status, "open"))).orderBy(asc(s.cases.openedAt)).limit(1);
  if (!c) throw new NotFoundError("case", personId);
  return c.id;
}

/** Letters and email only from now on (flags.writtenOnly): the same write as an agent's, by the debtor. */
export async function chooseWrittenOnly(ctx: DomainContext): Promise<void> {
  const { personId } = requireDebtor(ctx.actor);
  await setContactRestriction(ctx, { caseId: await anyCaseOf(ctx, personId), restriction: "written_demand" });
}

/** No contact at the workplace from now on (flags.noWorkplaceContact; US-REGF-WORK and CN-WORK read it): an
 *  inconvenient place, in the debtor's own words. The same write as an agent's, by the debtor. */
export async function chooseNoWorkplaceContact(ctx: DomainContext): Promise<void> {
  const { personId } = requireDebtor(ctx.actor);
  await setContactRestriction(ctx, { caseId: await anyCaseOf(ctx, personId), restriction: "no_workplace_contact" });
}

export const PortalOptOut = z.object({
  channel: z.enum(["call", "sms", "email", "letter", "visit"]),
  /** Absent: the whole channel; else one of the debtor's own addresses. */
  contactPointId: z.uuid().optional(),
});

/** An opt-out of a channel or of one address (US-REGF-MEDIUM): the gate blocks it from the next decision. */
export async function portalOptOut(ctx: DomainContext, input: z.input<typeof PortalOptOut>): Promise<void> {
  const { personId } = requireDebtor(ctx.actor);
  const p = parseInput(PortalOptOut, input);
  await recordOptOut(ctx, { caseId: await anyCaseOf(ctx, personId), channel: p.channel, ...(p.contactPointId ? { contactPointId: p.contactPointId } : {}), source: "portal" });
}
