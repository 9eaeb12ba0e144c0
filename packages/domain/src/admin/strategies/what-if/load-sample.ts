import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { HistoryEntry } from "@casebook/compliance";
import { schema as s, type DbOrTx } from "@casebook/db";
import { historyOutcome, LEDGER_WINDOW_DAYS } from "../../../outreach/gate/ledger-window";

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

/** Everything the simulation reads, once and set-wise (one query per table, never one per case). */
export interface PortfolioSample {
  cases: Array<Row<typeof s.cases>>;
  clients: Map<string, Row<typeof s.clients>>;
  /** Each client's policy versions, oldest first (the one in force at an instant is picked in memory). */
  policyVersions: Map<string, Array<Row<typeof s.clientPolicyVersions>>>;
  persons: Map<string, Row<typeof s.persons>>;
  accountsByCase: Map<string, Array<Row<typeof s.accounts>>>;
  relatedByDebtor: Map<string, Array<Row<typeof s.relatedParties>>>;
  pointsByPerson: Map<string, Array<Row<typeof s.contactPoints>>>;
  /** Active holds: kind and case (null: all the person's cases). */
  holdsByPerson: Map<string, Array<{ kind: string; caseId: string | null }>>;
  disputedByCase: Map<string, string[]>;
  optOutsByPerson: Map<string, Array<{ personId: string; channel: HistoryEntry["channel"]; contactPointId: string | null }>>;
  /** Cases on an active or pending plan: they get the plan's reminders, not the cadence. */
  onPlan: Set<string>;
  /** The ledger of the last LEDGER_WINDOW_DAYS before the start, per debtor, in the engine's words. */
  historyByDebtor: Map<string, HistoryEntry[]>;
}

function group<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * A sample of the open portfolio a strategy applies to: `limit` open cases of clients of its rule set
 * (and of one client when asked), chosen by a hash of their id so the same sample comes back run after run.
 */
export async function loadPortfolioSample(db: DbOrTx, input: { ruleSet: string; clientId: string | null; limit: number; start: Date }): Promise<PortfolioSample> {
  const clientRows = await db.select().from(s.clients).where(and(eq(s.clients.ruleSet, input.ruleSet as "US-FDCPA"), input.clientId ? eq(s.clients.id, input.clientId) : undefined));
  const clients = new Map(clientRows.map((c) => [c.id, c]));
  if (clientRows.length === 0) return emptySample(clients);
  const cases = await db.select().from(s.cases)
    .where(and(eq(s.cases.status, "open"), inArray(s.cases.clientId, [...clients.keys()])))
    .orderBy(sql`md5(${s.cases.id}::text)`).limit(input.limit);
  if (cases.length === 0) return emptySample(clients);
  const caseIds = cases.map((c) => c.id);
  const debtorIds = [...new Set(cases.map((c) => c.personId))];

  const [versions, accounts, related, holds, disputes, plans] = await Promise.all([
    db.select().from(s.clientPolicyVersions).where(inArray(s.clientPolicyVersions.clientId, [...clients.keys()])).orderBy(asc(s.clientPolicyVersions.effectiveFrom), asc(s.clientPolicyVersions.version)),
    db.select().from(s.accounts).where(inArray(s.accounts.caseId, caseIds)),
    db.select().from(s.relatedParties).where(inArray(s.relatedParties.debtorPersonId, debtorIds)),
    db.select({ personId: s.holds.personId, kind: s.holds.kind, caseId: s.holds.caseId }).from(s.holds).where(and(inArray(s.holds.personId, debtorIds), isNull(s.holds.releasedAt))),
    db.select({ caseId: s.disputes.caseId, accountId: s.disputes.accountId }).from(s.disputes).where(and(inArray(s.disputes.caseId, caseIds), eq(s.disputes.status, "open"))),
    db.select({ caseId: s.paymentPlans.caseId }).from(s.paymentPlans).where(and(inArray(s.paymentPlans.caseId, caseIds), inArray(s.paymentPlans.status, ["active", "pending_approval"]))),
  ]);
  const personIds = [...new Set([...debtorIds, ...related.map((r) => r.personId)])];
  const since = new Date(input.start.getTime() - LEDGER_WINDOW_DAYS * 86_400_000);
  const [persons, points, optOuts, attempts] = await Promise.all([
    db.select().from(s.persons).where(inArray(s.persons.id, personIds)),
    db.select().from(s.contactPoints).where(inArray(s.contactPoints.personId, personIds)),
    db.select({ personId: s.optOuts.personId, channel: s.optOuts.channel, contactPointId: s.optOuts.contactPointId }).from(s.optOuts).where(and(inArray(s.optOuts.personId, personIds), isNull(s.optOuts.revokedAt))),
    db.selectDistinctOn([s.contactAttempts.id], {
      id: s.contactAttempts.id, personId: s.contactAttempts.personId, startedAt: s.contactAttempts.startedAt, channel: s.contactAttempts.channel, direction: s.contactAttempts.direction,
      partyRole: s.contactAttempts.partyRole, partyPersonId: s.contactAttempts.partyPersonId, address: s.contactAttempts.address, accountIds: s.contactAttempts.accountIds, outcome: s.contactOutcomes.outcome,
    }).from(s.contactAttempts).leftJoin(s.contactOutcomes, eq(s.contactOutcomes.attemptId, s.contactAttempts.id))
      .where(and(gte(s.contactAttempts.startedAt, since), or(inArray(s.contactAttempts.personId, debtorIds), inArray(s.contactAttempts.partyPersonId, debtorIds))))
      .orderBy(s.contactAttempts.id, desc(s.contactOutcomes.at), desc(s.contactOutcomes.createdAt)),
  ]);

  const historyByDebtor = new Map<string, HistoryEntry[]>();
  for (const a of attempts.sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime())) {
    const entry: HistoryEntry = {
      at: a.startedAt.toISOString(), channel: a.channel as HistoryEntry["channel"], direction: a.direction,
      party: { role: a.partyRole, id: a.partyPersonId, ...(a.address ? { address: a.address } : {}) },
      debtIds: a.accountIds, outcome: historyOutcome(a.channel as HistoryEntry["channel"], a.outcome as never, a.partyRole),
    };
    for (const debtor of new Set([a.personId, a.partyPersonId])) {
      const list = historyByDebtor.get(debtor);
      if (list) list.push(entry);
      else historyByDebtor.set(debtor, [entry]);
    }
  }
  const disputedByCase = new Map<string, string[]>();
  for (const d of disputes) if (d.caseId) disputedByCase.set(d.caseId, [...(disputedByCase.get(d.caseId) ?? []), d.accountId]);
  return {
    cases, clients,
    policyVersions: group(versions, (v) => v.clientId),
    persons: new Map(persons.map((p) => [p.id, p])),
    accountsByCase: group(accounts, (a) => a.caseId),
    relatedByDebtor: group(related, (r) => r.debtorPersonId),
    pointsByPerson: group(points, (p) => p.personId),
    holdsByPerson: group(holds, (h) => h.personId),
    disputedByCase,
    optOutsByPerson: group(optOuts.map((o) => ({ ...o, channel: o.channel as HistoryEntry["channel"] })), (o) => o.personId),
    onPlan: new Set(plans.map((p) => p.caseId)),
    historyByDebtor,
  };
}

function emptySample(clients: PortfolioSample["clients"]): PortfolioSample {
  return { cases: [], clients, policyVersions: new Map(), persons: new Map(), accountsByCase: new Map(), relatedByDebtor: new Map(), pointsByPerson: new Map(), holdsByPerson: new Map(), disputedByCase: new Map(), optOutsByPerson: new Map(), onPlan: new Set(), historyByDebtor: new Map() };
}
