import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@casebook/db";
import { z } from "zod";
import { schema } from "@casebook/db";
import { readPolicyInForce } from "../clients/policy-in-force";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { actorUserId, loadCaseForActor } from "../cases/case-access";
import { isClosedAccountStatus } from "../cases/account-status";
import { loadCaseAccounts, loadPersonZone } from "../cases/case-accounts";
import { addDays, IsoDate, localToday } from "../cases/dates";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";

export const RecordPromise = z.object({
  caseId: z.uuid(),
  accountIds: z.array(z.uuid()).optional(),
  amountMinor: z.coerce.number().int("amount_not_whole").positive("amount_not_positive"),
  dueDate: z.string().regex(IsoDate, "date_format"),
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
    const accounts = (await loadCaseAccounts(tx, c.id, p.accountIds)).filter((a) => !isClosedAccountStatus(a.status));
    if (accounts.length === 0) throw new ValidationError("accountIds", "no_open_account");
    const { zone } = await loadPersonZone(tx, c.personId);
    const today = localToday(ctx.now, zone);
    if (p.dueDate < today) throw new ValidationError("dueDate", "promise_date_past");
    const maxDays = client ? (await readPolicyInForce(tx, client, ctx.now)).policy.promiseMaxDays : 30;
    if (p.dueDate > addDays(today, maxDays)) throw new ValidationError("dueDate", "promise_too_far", { maxDays });
    if (accounts.some((a) => a.status === "disputed")) throw new ConflictError("account_disputed_no_promise");
    const owed = accounts.reduce((t, a) => t + a.balanceMinor, 0);
    if (p.amountMinor > owed) throw new ValidationError("amountMinor", "amount_over_balance");

    const contactAttemptId = await callOfPromise(tx, ctx, c.id, p.contactAttemptId);
    const superseded = await tx.update(schema.promises).set({ status: "cancelled", resolvedAt: ctx.now })
      .where(and(eq(schema.promises.caseId, c.id), eq(schema.promises.status, "pending"))).returning({ id: schema.promises.id });
    // One pending promise per case (so one live promise per call): the unique index decides. Under the
    // case lock the superseding UPDATE above has made room; a writer that skipped it loses here.
    const [row] = await tx.insert(schema.promises).values({
      caseId: c.id, accountIds: accounts.map((a) => a.id), amountMinor: p.amountMinor, currency: accounts[0]!.currency,
      dueDate: p.dueDate, contactAttemptId, createdBy: actorUserId(ctx.actor),
    }).onConflictDoNothing({ target: schema.promises.caseId, where: sql`status = 'pending'` }).returning({ id: schema.promises.id });
    if (!row) throw new ConflictError("promise_pending_exists");
    await tx.update(schema.accounts).set({ status: "promised" })
      .where(and(inArray(schema.accounts.id, accounts.map((a) => a.id)), eq(schema.accounts.status, "active")));
    await writeAudit(tx, ctx.actor, {
      action: "promise.record", entityType: "promise", entityId: row!.id, caseId: c.id, personId: c.personId,
      details: { amountMinor: p.amountMinor, dueDate: p.dueDate, contactAttemptId, superseded: superseded.map((x) => x.id) },
    }, ctx.now);
    await notifyOutreach(tx, ctx.actor, c.id, "promise_made", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c.id]);
    return { promiseId: row!.id };
  });
}

/** How long after a call's start a promise recorded by the same agent on the same case counts as taken
 *  during that call (a call of an hour is long; a later promise is a new conversation). */
const DURING_CALL_MS = 60 * 60_000;

/**
 * The call a promise was taken in: the one the form names (it must be this case's), else the agent's own
 * latest call on this case within the hour. The link is what a complaint asks for: which call, which agent.
 */
async function callOfPromise(tx: DbOrTx, ctx: DomainContext, caseId: string, named: string | undefined): Promise<string | null> {
  const a = schema.contactAttempts;
  if (named) {
    const [row] = await tx.select({ id: a.id }).from(a).where(and(eq(a.id, named), eq(a.caseId, caseId), eq(a.channel, "call")));
    if (!row) throw new ValidationError("contactAttemptId", "attempt_not_on_case");
    return row.id;
  }
  if (ctx.actor.kind !== "user") return null;
  const [latest] = await tx.select({ id: a.id }).from(a)
    .where(and(eq(a.caseId, caseId), eq(a.channel, "call"), eq(a.agentUserId, ctx.actor.userId), gte(a.startedAt, new Date(ctx.now.getTime() - DURING_CALL_MS))))
    .orderBy(desc(a.startedAt)).limit(1);
  return latest?.id ?? null;
}
