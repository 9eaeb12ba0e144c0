import { eq, sql } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import type { Channel } from "@casebook/compliance";
import { readPoliciesInForce, type PolicyInForce } from "../../clients/policy-in-force";
import { uuidArray } from "../../cases/sql-values";
import { readLedgerRows, type LedgerRow } from "./ledger-window";

type PersonRow = typeof s.persons.$inferSelect;
type ContactPointRow = typeof s.contactPoints.$inferSelect;

/**
 * Everything the gate reads from the database about a set of proposed contacts (one console contact,
 * or every step of a dispatch batch), read in a fixed handful of statements whatever the set's size
 * (issue 15): the cases with their clients and debtors, the parties, the accounts, the contact points,
 * related parties, holds, open disputes, opt-outs, the ledger windows and the clients' policies in force.
 * Read after the caller's person locks, so what a rule counts or stops on is the committed truth;
 * `assembleCheckRequest` (build-check-request.ts) then builds each request from it in memory.
 */
export interface GateFacts {
  now: Date;
  cases: Map<string, { caseRow: typeof s.cases.$inferSelect; client: typeof s.clients.$inferSelect; debtor: PersonRow | null }>;
  /** Debtors and parties by id. */
  persons: Map<string, PersonRow>;
  accountsByCase: Map<string, Array<typeof s.accounts.$inferSelect>>;
  pointsByPerson: Map<string, ContactPointRow[]>;
  pointsById: Map<string, ContactPointRow>;
  related: Array<typeof s.relatedParties.$inferSelect>;
  holds: Array<{ personId: string; caseId: string | null; kind: string }>;
  disputedByCase: Map<string, string[]>;
  optOuts: Array<{ personId: string; channel: Channel; contactPointId: string | null }>;
  /** The ledger windows of every person involved. A batch appends the claims it decides, so a later
   *  decision in the same batch counts them as it would count committed ones. */
  ledger: LedgerRow[];
  policies: Map<string, PolicyInForce>;
}

export interface GateFactsQuery {
  caseIds: readonly string[];
  /** Contacted parties other than the cases' debtors (related parties). */
  partyPersonIds?: readonly string[];
  /** Contact points named by the contacts (read even if they belong to nobody above). */
  contactPointIds?: readonly string[];
  now: Date;
}

/** Rows by a key, in their order (the set-wise planner groups its facts with it too). */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

export async function readGateFacts(tx: DbOrTx, query: GateFactsQuery): Promise<GateFacts> {
  const caseIds = [...new Set(query.caseIds)];
  const rows = caseIds.length === 0 ? [] : await tx
    .select({ caseRow: s.cases, client: s.clients, debtor: s.persons })
    .from(s.cases)
    .innerJoin(s.clients, eq(s.cases.clientId, s.clients.id))
    .leftJoin(s.persons, eq(s.cases.personId, s.persons.id))
    .where(sql`${s.cases.id} = any(${uuidArray(caseIds)}::uuid[])`);
  const cases = new Map(rows.map((r) => [r.caseRow.id, r]));
  const persons = new Map<string, PersonRow>();
  for (const r of rows) if (r.debtor) persons.set(r.debtor.id, r.debtor);
  const debtorIds = [...new Set(rows.map((r) => r.caseRow.personId))];
  const others = [...new Set(query.partyPersonIds ?? [])].filter((id) => !persons.has(id));
  if (others.length > 0) {
    for (const p of await tx.select().from(s.persons).where(sql`${s.persons.id} = any(${uuidArray(others)}::uuid[])`)) persons.set(p.id, p);
  }
  const personIds = [...new Set([...debtorIds, ...others])];
  const pointIds = [...new Set(query.contactPointIds ?? [])];

  const accounts = caseIds.length === 0 ? [] : await tx.select().from(s.accounts).where(sql`${s.accounts.caseId} = any(${uuidArray(caseIds)}::uuid[])`);
  const points = personIds.length + pointIds.length === 0 ? [] : await tx.select().from(s.contactPoints)
    .where(sql`${s.contactPoints.personId} = any(${uuidArray(personIds)}::uuid[]) or ${s.contactPoints.id} = any(${uuidArray(pointIds)}::uuid[])`);
  const related = others.length === 0 ? [] : await tx.select().from(s.relatedParties)
    .where(sql`${s.relatedParties.debtorPersonId} = any(${uuidArray(debtorIds)}::uuid[]) and ${s.relatedParties.personId} = any(${uuidArray(others)}::uuid[])`);

  // Holds, open disputes and opt-outs in one round trip.
  const [side] = caseIds.length === 0 ? [undefined] : await tx.execute<{
    holds: Array<{ personId: string; caseId: string | null; kind: string }> | null;
    disputes: Array<{ caseId: string; accountId: string }> | null;
    opt_outs: Array<{ personId: string; channel: Channel; contactPointId: string | null }> | null;
  }>(sql`
    select
      (select json_agg(json_build_object('personId', h.person_id, 'caseId', h.case_id, 'kind', h.kind)) from holds h
        where h.person_id = any(${uuidArray(debtorIds)}::uuid[]) and h.released_at is null) as holds,
      (select json_agg(json_build_object('caseId', d.case_id, 'accountId', d.account_id)) from disputes d
        where d.case_id = any(${uuidArray(caseIds)}::uuid[]) and d.status = 'open') as disputes,
      (select json_agg(json_build_object('personId', o.person_id, 'channel', o.channel, 'contactPointId', o.contact_point_id)) from opt_outs o
        where o.person_id = any(${uuidArray(personIds)}::uuid[]) and o.revoked_at is null) as opt_outs`);
  const disputedByCase = new Map<string, string[]>();
  for (const [caseId, list] of groupBy(side?.disputes ?? [], (d) => d.caseId)) disputedByCase.set(caseId, list.map((d) => d.accountId));

  const ledger = caseIds.length === 0 ? [] : await readLedgerRows(tx, { debtorPersonIds: debtorIds, partyPersonIds: others, now: query.now });
  const policies = await readPoliciesInForce(tx, rows.map((r) => r.client), query.now);
  return {
    now: query.now,
    cases,
    persons,
    accountsByCase: groupBy(accounts, (a) => a.caseId),
    pointsByPerson: groupBy(points, (p) => p.personId),
    pointsById: new Map(points.map((p) => [p.id, p])),
    related,
    holds: side?.holds ?? [],
    disputedByCase,
    optOuts: side?.opt_outs ?? [],
    ledger,
    policies,
  };
}
