import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { CLOSED_STATUSES, loadCaseAccounts, loadPersonZone } from "../cases/case-accounts";
import { addDays, IsoDate, localToday } from "../cases/dates";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const RecordPromise = z.object({
  caseId: z.uuid(),
  accountIds: z.array(z.uuid()).optional(),
  amountMinor: z.coerce.number().int("whole minor units").positive("must be more than zero"),
  dueDate: z.string().regex(IsoDate, "YYYY-MM-DD"),
  contactAttemptId: z.uuid().optional(),
});
export type RecordPromise = z.input<typeof RecordPromise>;

/** A promise to pay, checked against the client's policy: not in the past (debtor's calendar), not further
 *  out than promiseMaxDays (that needs a plan), not more than is owed. It supersedes a pending promise. */
export async function recordPromise(ctx: DomainContext, input: RecordPromise): Promise<{ promiseId: string }> {
  const p = parseInput(RecordPromise, input);
  return ctx.db.transaction(async (tx) => {
    const c = await loadCaseForActor(tx, ctx.actor, p.caseId, { forUpdate: true, work: true });
    const [client] = await tx.select().from(schema.clients).where(eq(schema.clients.id, c.clientId));
    const accounts = (await loadCaseAccounts(tx, c.id, p.accountIds)).filter((a) => !CLOSED_STATUSES.has(a.status));
    if (accounts.length === 0) throw new ValidationError("accountIds", "no open account to promise on");
    const { zone } = await loadPersonZone(tx, c.personId);
    const today = localToday(ctx.now, zone);
    if (p.dueDate < today) throw new ValidationError("dueDate", "the promise date is in the past");
    const maxDays = client?.policy.promiseMaxDays ?? 30;
    if (p.dueDate > addDays(today, maxDays)) throw new ValidationError("dueDate", `more than ${maxDays} days out: offer a payment plan instead`);
    if (accounts.some((a) => a.status === "disputed")) throw new ConflictError("a disputed account cannot take a promise until verification is sent");
    const owed = accounts.reduce((t, a) => t + a.balanceMinor, 0);
    if (p.amountMinor > owed) throw new ValidationError("amountMinor", "more than the balance owed");

    const superseded = await tx.update(schema.promises).set({ status: "cancelled", resolvedAt: ctx.now })
      .where(and(eq(schema.promises.caseId, c.id), eq(schema.promises.status, "pending"))).returning({ id: schema.promises.id });
    const [row] = await tx.insert(schema.promises).values({
      caseId: c.id, accountIds: accounts.map((a) => a.id), amountMinor: p.amountMinor, currency: accounts[0]!.currency,
      dueDate: p.dueDate, contactAttemptId: p.contactAttemptId ?? null, createdBy: actorUserId(ctx.actor),
    }).returning({ id: schema.promises.id });
    await tx.update(schema.accounts).set({ status: "promised" })
      .where(and(inArray(schema.accounts.id, accounts.map((a) => a.id)), eq(schema.accounts.status, "active")));
    await writeAudit(tx, ctx.actor, {
      action: "promise.record", entityType: "promise", entityId: row!.id, caseId: c.id, personId: c.personId,
      details: { amountMinor: p.amountMinor, dueDate: p.dueDate, superseded: superseded.map((x) => x.id) },
    }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c.id, "promise_made", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { promiseId: row!.id };
  });
}
