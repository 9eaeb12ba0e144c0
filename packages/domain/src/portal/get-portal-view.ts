import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { schema as s } from "@casebook/db";
import type { LocalWindow } from "@casebook/db/schema";
import { writeAudit } from "../audit";
import { readPolicyInForce } from "../clients/policy-in-force";
import type { DomainContext } from "../context";
import { maskContactPoint } from "../persons/mask";
import { toDate } from "../cases/sql-values";
import { zoneOf } from "../cases/dates";
import { requireDebtor } from "./portal-actor";

export interface PortalDebt {
  accountId: string;
  creditor: string;
  /** The last four characters of the creditor's reference: enough to tell debts apart. */
  accountRef: string;
  currency: string;
  balanceMinor: number;
  status: string;
  disputed: boolean;
}

export interface PortalCase {
  caseId: string;
  agencyName: string;
  debts: PortalDebt[];
  payments: Array<{ id: string; at: Date; amountMinor: number; currency: string; method: string; status: string }>;
  promise: { amountMinor: number; currency: string; dueDate: string } | null;
  plan: { status: string; totalMinor: number; currency: string; installments: Array<{ seq: number; dueDate: string; amountMinor: number; status: string }> } | null;
  limits: { planMaxInstallments: number; planMaxMonths: number; planMinInstallmentMinor: number; promiseMaxDays: number };
}

export interface PortalContact {
  at: Date;
  channel: string;
  referenceCode: string;
  staffNumber: string;
  outcome: string | null;
}

export interface PortalView {
  /** The debtor's own zone: every time is shown in it. */
  zone: string;
  cases: PortalCase[];
  contacts: PortalContact[];
  preferences: {
    writtenOnly: boolean;
    /** No contact at the workplace (an inconvenient place). */
    noWorkplaceContact: boolean;
    preferredLanguage: string;
    inconvenientWindows: LocalWindow[];
    contactPoints: Array<{ id: string; kind: string; masked: string; optedOut: string[] }>;
    channelOptOuts: string[];
  };
}

/** Everything the debtor sees about themselves: their debts, payments, promise and plan, and every contact
 *  made to them (the record they are advised to keep). Viewing is audited, like a case screen. */
export async function getPortalView(ctx: DomainContext): Promise<PortalView> {
  const { personId } = requireDebtor(ctx.actor);
  const [person] = await ctx.db.select().from(s.persons).where(eq(s.persons.id, personId));
  const caseRows = await ctx.db.select({ c: s.cases, client: s.clients }).from(s.cases).innerJoin(s.clients, eq(s.clients.id, s.cases.clientId))
    .where(and(eq(s.cases.personId, personId), eq(s.cases.status, "open"))).orderBy(s.cases.openedAt);
  const caseIds = caseRows.map((r) => r.c.id);
  const [accounts, payments, promises, plans, disputes] = caseIds.length === 0 ? [[], [], [], [], []] : await Promise.all([
    ctx.db.select().from(s.accounts).where(inArray(s.accounts.caseId, caseIds)).orderBy(s.accounts.clientReference),
    ctx.db.select().from(s.payments).where(inArray(s.payments.caseId, caseIds)).orderBy(desc(s.payments.receivedAt)),
    ctx.db.select().from(s.promises).where(and(inArray(s.promises.caseId, caseIds), eq(s.promises.status, "pending"))),
    ctx.db.select().from(s.paymentPlans).where(and(inArray(s.paymentPlans.caseId, caseIds), inArray(s.paymentPlans.status, ["active", "pending_approval"]))),
    ctx.db.select({ accountId: s.disputes.accountId }).from(s.disputes).where(and(inArray(s.disputes.caseId, caseIds), eq(s.disputes.status, "open"))),
  ]);
  const installments = plans.length ? await ctx.db.select().from(s.planInstallments).where(inArray(s.planInstallments.planId, plans.map((p) => p.id))).orderBy(s.planInstallments.seq) : [];
  const disputed = new Set(disputes.map((d) => d.accountId));
  const cases: PortalCase[] = [];
  for (const { c, client } of caseRows) {
    const { policy } = await readPolicyInForce(ctx.db, client, ctx.now);
    const plan = plans.find((p) => p.caseId === c.id);
    const promise = promises.find((p) => p.caseId === c.id);
    cases.push({
      caseId: c.id,
      agencyName: client.agencyName,
      debts: accounts.filter((a) => a.caseId === c.id).map((a) => ({
        accountId: a.id, creditor: a.originalCreditor, accountRef: a.clientReference.slice(-4), currency: a.currency, balanceMinor: a.balanceMinor, status: a.status, disputed: disputed.has(a.id),
      })),
      payments: payments.filter((p) => p.caseId === c.id).map((p) => ({ id: p.id, at: p.receivedAt, amountMinor: p.amountMinor, currency: p.currency, method: p.method, status: p.status })),
      promise: promise ? { amountMinor: promise.amountMinor, currency: promise.currency, dueDate: promise.dueDate } : null,
      plan: plan ? { status: plan.status, totalMinor: plan.totalMinor, currency: plan.currency, installments: installments.filter((i) => i.planId === plan.id).map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountMinor: i.amountMinor, status: i.status })) } : null,
      limits: { planMaxInstallments: policy.planMaxInstallments, planMaxMonths: policy.planMaxMonths, planMinInstallmentMinor: policy.planMinInstallmentMinor, promiseMaxDays: policy.promiseMaxDays },
    });
  }
  // Every contact made to them about their own debts, automatic or by an agent, with who made it: the
  // same collector /verify names for the code (verifyReference): the agent, else for a message the worker
  // sent the case's owner, else the automated-notice desk.
  const contactRows = await ctx.db.execute<Record<string, unknown>>(sql`
    select a.started_at, a.channel, a.reference_code, coalesce(u.staff_number, owner.staff_number, 'AUTO-001') as staff_number,
      (select o.outcome from contact_outcomes o where o.attempt_id = a.id order by o.at desc, o.created_at desc limit 1) as outcome
    from contact_attempts a left join users u on u.id = a.agent_user_id
      join cases c on c.id = a.case_id left join users owner on owner.id = c.owner_user_id and a.agent_user_id is null and a.outreach_step_id is not null
    where a.person_id = ${personId}::uuid and a.party_person_id = a.person_id and a.direction = 'outbound' and a.started_at <= ${ctx.now.toISOString()}::timestamptz
    order by a.started_at desc limit 200`);
  const points = await ctx.db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, personId)).orderBy(desc(s.contactPoints.isPrimary), s.contactPoints.createdAt);
  const optOuts = await ctx.db.select().from(s.optOuts).where(and(eq(s.optOuts.personId, personId), isNull(s.optOuts.revokedAt)));
  await writeAudit(ctx.db, ctx.actor, { action: "portal.view", entityType: "person", entityId: personId, personId, details: { cases: caseIds.length } }, ctx.now);
  return {
    zone: zoneOf(person!),
    cases,
    contacts: contactRows.map((r) => ({ at: toDate(r.started_at)!, channel: String(r.channel), referenceCode: String(r.reference_code), staffNumber: String(r.staff_number), outcome: (r.outcome as string | null) ?? null })),
    preferences: {
      writtenOnly: person!.writtenOnlySince !== null,
      noWorkplaceContact: person!.noWorkplaceContact,
      preferredLanguage: person!.preferredLanguage,
      inconvenientWindows: person!.inconvenientWindows,
      contactPoints: points.filter((p) => p.status === "valid").map((p) => ({ id: p.id, kind: p.kind, masked: maskContactPoint(p), optedOut: optOuts.filter((o) => o.contactPointId === p.id).map((o) => o.channel) })),
      channelOptOuts: optOuts.filter((o) => o.contactPointId === null).map((o) => o.channel),
    },
  };
}
