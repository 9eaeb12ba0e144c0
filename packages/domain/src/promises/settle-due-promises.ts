import { and, asc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { schema as s, type Tx } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { paymentGraceDays, readPolicyInForce } from "../clients/policy-in-force";
import { loadPersonZone } from "../cases/case-accounts";
import { addDays, localToday } from "../cases/dates";
import { notifyOutreach } from "../cases/notify-outreach";
import { reprioritiseIn } from "../cases/reprioritise-cases";
import { lockCase } from "../locks/lock-rows";

export type PromiseSettlement = "kept" | "broken" | "in_grace" | "gone";

const PAGE = 500;

/**
 * Decides every pending promise whose date (plus the client's grace days, in the debtor's calendar) has
 * passed: kept when the case's posted payments since it was made reach its amount, else broken. A broken
 * promise is the case event `promise_broken` (the strategy returns the case to follow-up and plans its
 * next steps), in the same transaction. One promise per transaction: one case's failure decides nothing
 * about the others. Run by the worker's maintenance scheduler; also safe to run twice (a decided promise
 * is no longer pending).
 */
export async function settleDuePromises(ctx: DomainContext): Promise<{ kept: number; broken: number; inGrace: number }> {
  const result = { kept: 0, broken: 0, inGrace: 0 };
  // The widest zone is a day ahead of UTC: anything due before tomorrow (UTC) may be due somewhere.
  const horizon = addDays(ctx.now.toISOString().slice(0, 10), 1);
  let after: { dueDate: string; id: string } | null = null;
  for (;;) {
    const page: Array<{ id: string; dueDate: string }> = await ctx.db.select({ id: s.promises.id, dueDate: s.promises.dueDate }).from(s.promises)
      .where(and(eq(s.promises.status, "pending"), lt(s.promises.dueDate, horizon),
        after ? or(gt(s.promises.dueDate, after.dueDate), and(eq(s.promises.dueDate, after.dueDate), gt(s.promises.id, after.id))) : undefined))
      .orderBy(asc(s.promises.dueDate), asc(s.promises.id)).limit(PAGE);
    for (const row of page) {
      const outcome = await settlePromise(ctx, row.id);
      if (outcome === "kept") result.kept++;
      else if (outcome === "broken") result.broken++;
      else if (outcome === "in_grace") result.inGrace++;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!;
  }
  return result;
}

/** One promise, under its case's locks (the order of lock-rows.ts): re-read, judged, recorded. */
export async function settlePromise(ctx: DomainContext, promiseId: string): Promise<PromiseSettlement> {
  return ctx.db.transaction(async (tx) => {
    const [head] = await tx.select({ caseId: s.promises.caseId }).from(s.promises).where(eq(s.promises.id, promiseId));
    if (!head || !(await lockCase(tx, head.caseId))) return "gone";
    const [promise] = await tx.select().from(s.promises).where(eq(s.promises.id, promiseId));
    if (!promise || promise.status !== "pending") return "gone";
    const [c] = await tx.select().from(s.cases).where(eq(s.cases.id, promise.caseId));
    const [client] = await tx.select().from(s.clients).where(eq(s.clients.id, c!.clientId));
    const grace = paymentGraceDays((await readPolicyInForce(tx, client!, ctx.now)).policy);
    const { zone } = await loadPersonZone(tx, c!.personId);
    if (localToday(ctx.now, zone) <= addDays(promise.dueDate, grace)) return "in_grace";

    const paid = await paidSince(tx, promise.caseId, promise.createdAt);
    const status = paid >= promise.amountMinor ? "kept" : "broken";
    await tx.update(s.promises).set({ status, resolvedAt: ctx.now }).where(eq(s.promises.id, promise.id));
    if (status === "broken") {
      await tx.update(s.accounts).set({ status: "active" })
        .where(and(inArray(s.accounts.id, promise.accountIds), eq(s.accounts.status, "promised")));
    }
    await writeAudit(tx, ctx.actor, {
      action: `promise.${status}`, entityType: "promise", entityId: promise.id, caseId: c!.id, personId: c!.personId,
      details: { dueDate: promise.dueDate, graceDays: grace, amountMinor: promise.amountMinor, paidMinor: paid },
    }, ctx.now);
    if (status === "broken") await notifyOutreach(tx, ctx.actor, c!.id, "promise_broken", ctx.now);
    await reprioritiseIn(tx, ctx.now, [c!.id]);
    return status;
  });
}

/** Posted (not reversed) payments on the case since an instant: postPayment's measure of a promise. */
async function paidSince(tx: Tx, caseId: string, since: Date): Promise<number> {
  const [row] = await tx.select({ paid: sql<string>`coalesce(sum(${s.payments.amountMinor}), 0)::bigint` }).from(s.payments)
    .where(and(eq(s.payments.caseId, caseId), eq(s.payments.status, "posted"), sql`${s.payments.createdAt} >= ${since.toISOString()}::timestamptz`));
  return Number(row?.paid ?? 0);
}
