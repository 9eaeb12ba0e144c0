// The dispatch benches' book and their checks from the ledger (outreach, faults, soak): bulk persons,
// cases, accounts and steps with generate_series, and what a run must never do: a step sent twice, a
// step lost, a cap or a calling hour broken.
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { TestDatabase } from "@casebook/db/testing";
import { domainContext, systemActor, type DomainContext } from "@casebook/domain";
import type { JobQueue } from "@casebook/jobs";

/** The bench's domain context: its database, a clock fixed at `now`, and the queue it measures. */
export function benchContext(db: TestDatabase["db"], now: Date, enqueue: JobQueue): DomainContext {
  return domainContext({ db, clock: () => now, ids: randomUUID, enqueue }, systemActor("bench"), now);
}

/** Where the bench's debtors live: New York (US-FDCPA), or Massachusetts, whose overlay (US-MA-FREQ)
 *  allows 2 texts a debt in 7 days, so a cap the gate must keep is in play. */
export const REGIONS = {
  NY: { region: "NY", postalCode: "11215", areaCode: "718", jurisdiction: "US-NY" },
  MA: { region: "MA", postalCode: "02108", areaCode: "617", jurisdiction: "US-MA" },
} as const;
export const BENCH_ZONE = "America/New_York";

export interface BulkOptions {
  /** Also one step per case due at `dueAt` (kind 'bench'). */
  steps: boolean;
  dueAt?: string;
  channel: string;
  template: string;
  region?: keyof typeof REGIONS;
}

/** Persons, cases, accounts (and optionally steps) with generate_series: set-based, no client round trips.
 *  Ids are bench_uuid('p' | 'c' | 'a' || i) for i in 1..n. */
export async function bulkCases(t: TestDatabase, n: number, options: BulkOptions, log: (m: string) => void = () => {}) {
  const where = REGIONS[options.region ?? "NY"];
  // As the database owner (as the seed runs): the runtime role may not create the helper function.
  const sql = t.ownerSql;
  // Deterministic ids that are valid v4 UUIDs (the verbs' zod schemas check the version nibble).
  await sql`create or replace function bench_uuid(text) returns uuid language sql immutable as
    $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`;
  const [client] = await sql`insert into clients (code, name, country, currency, rule_set, agency_name, policy)
    values ('BENCH', 'Bench Bank', 'US', 'USD', 'US-FDCPA', 'Bench Recovery', ${JSON.stringify({ settlementFloorBps: 6000, planMaxInstallments: 12, planMaxMonths: 12, planMinInstallmentMinor: 2500, promiseMaxDays: 30, commissionBps: 2500, callbackNumbers: { default: "+18005550100" } })}::jsonb) returning id`;
  const [team] = await sql`insert into teams (name) values ('Bench team') returning id`;
  const [placement] = await sql`insert into placements (client_id, reference, source, received_at, account_count, placed_total_minor, currency)
    values (${client!.id}, 'PL-BENCH', 'seed', now(), ${n}, ${n * 100000}, 'USD') returning id`;
  const chunk = 250_000;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await sql`insert into persons (id, full_name, given_name, country, region, postal_code, time_zones)
      select bench_uuid('p' || i), 'Bench Person ' || i, 'Bench', 'US', ${where.region}, ${where.postalCode}, ${`{${BENCH_ZONE}}`} from generate_series(${from}::int, ${to}::int) i`;
    await sql`insert into contact_points (person_id, kind, phone_type, value, is_primary, source, consent_call, consent_sms)
      select bench_uuid('p' || i), 'phone', 'mobile', ${`+1${where.areaCode}`} || lpad((2000000 + i)::text, 7, '0'), true, 'client', true, true from generate_series(${from}::int, ${to}::int) i`;
    await sql`insert into cases (id, client_id, person_id, team_id)
      select bench_uuid('c' || i), ${client!.id}, bench_uuid('p' || i), ${team!.id} from generate_series(${from}::int, ${to}::int) i`;
    await sql`insert into accounts (id, client_id, placement_id, case_id, person_id, original_creditor, client_reference, product, currency, principal_minor, placed_balance_minor, balance_minor, due_date, jurisdiction)
      select bench_uuid('a' || i), ${client!.id}, ${placement!.id}, bench_uuid('c' || i), bench_uuid('p' || i), 'Bench Bank', 'ACC-' || i, 'credit_card', 'USD', 100000, 100000, 100000, current_date - 20, ${where.jurisdiction}
        from generate_series(${from}::int, ${to}::int) i`;
    if (options.steps) await insertSteps(t, { from, to, perCase: 1, kind: "bench", dueAt: options.dueAt!, channel: options.channel, template: options.template });
    log(`  rows ${to}/${n}`);
  }
  await sql`analyze`;
  return { clientId: client!.id as string, teamId: team!.id as string };
}

/** `perCase` steps (occurrences 1..perCase, kind `kind`) for each of cases from..to of bulkCases, due
 *  at `dueAt`, or with `dueStepMs` each case `dueStepMs` after the one before it. */
export async function insertSteps(t: TestDatabase, s: { from: number; to: number; perCase: number; kind: string; dueAt: string; channel: string; template: string; occurrenceBase?: number; dueStepMs?: number }) {
  await t.ownerSql`insert into outreach_steps (case_id, person_id, party_person_id, account_ids, kind, channel, template_code, purpose, due_at, occurrence)
    select bench_uuid('c' || i), bench_uuid('p' || i), bench_uuid('p' || i), array[bench_uuid('a' || i)], ${s.kind}, ${s.channel}::channel, ${s.template}, 'collection',
           ${s.dueAt}::timestamptz + (i - ${s.from}::int) * ${s.dueStepMs ?? 0}::float8 * interval '1 millisecond',
           ${s.occurrenceBase ?? 0}::int + (i - ${s.from}::int) * ${s.perCase}::int + o
      from generate_series(${s.from}::int, ${s.to}::int) i, generate_series(1, ${s.perCase}::int) o`;
}

export interface LedgerFindings {
  steps: number;
  states: Record<string, number>;
  /** Not sent, by state and reason (deferred by the cap, given up, ...). */
  notSent: Array<{ state: string; reason: string | null; n: number }>;
  violations: { outsideHours: number; overCap: number; sentBeforeDue: number };
  duplicates: { stepsClaimedTwice: number; dispatchIdsTwice: number };
  lost: { leftOpen: number; deferredButDue: number; failed: number; sentWithoutLedger: number; personsShortOfSends: number };
}

/**
 * What the ledger says of the steps of `kind` (all steps when omitted), at the bench clock's `now`:
 * - violations: an attempt outside 08:00–21:00 in the debtor's zone; more than `capPerPerson` attempts
 *   for one person (each bench case is one person with one debt); an attempt started before its step
 *   was due (a clock jump must not pull steps forward);
 * - duplicates: a step with two attempts, a dispatch id on two attempts;
 * - lost: a step still open (planned, claimed, reconcile) or deferred to a time already past, a step
 *   failed (not sent, not given up), a sent step without its claim and its "sent" fact, a person with
 *   fewer sent steps than min(their steps, the cap) (a step refused that should have gone).
 */
export async function ledgerFindings(sql: postgres.Sql, options: { kind?: string; now: Date; capPerPerson: number }): Promise<LedgerFindings> {
  const expected = options.capPerPerson;
  const kind = options.kind ?? null;
  const ofKind = sql`(${kind}::text is null or st.kind = ${kind}::text)`;
  const states = await sql<{ state: string; n: number }[]>`select state, count(*)::int as n from outreach_steps st where ${ofKind} group by 1`;
  const notSent = await sql<{ state: string; reason: string | null; n: number }[]>`select state::text, reason::text, count(*)::int as n from outreach_steps st
    where ${ofKind} and state not in ('dispatched', 'delivered') group by 1, 2 order by 3 desc limit 20`;
  const [f] = await sql`select
      (select count(*) from contact_attempts a join outreach_steps st on st.id = a.outreach_step_id
        where ${ofKind} and extract(hour from a.started_at at time zone ${BENCH_ZONE}) not between 8 and 20)::int as outside_hours,
      (select count(*) from (select a.person_id from contact_attempts a join outreach_steps st on st.id = a.outreach_step_id where ${ofKind}
        group by 1 having count(*) > ${options.capPerPerson}::int) d)::int as over_cap,
      (select count(*) from contact_attempts a join outreach_steps st on st.id = a.outreach_step_id where ${ofKind} and a.started_at < st.due_at)::int as sent_before_due,
      (select count(*) from (select a.outreach_step_id from contact_attempts a join outreach_steps st on st.id = a.outreach_step_id where ${ofKind}
        group by 1 having count(*) > 1) d)::int as steps_claimed_twice,
      (select count(*) from (select a.dispatch_id from contact_attempts a join outreach_steps st on st.id = a.outreach_step_id where ${ofKind}
        group by 1 having count(*) > 1) d)::int as dispatch_ids_twice,
      (select count(*) from outreach_steps st where ${ofKind} and state in ('planned', 'claimed', 'reconcile'))::int as left_open,
      (select count(*) from outreach_steps st where ${ofKind} and state = 'deferred' and due_at <= ${options.now.toISOString()}::timestamptz)::int as deferred_but_due,
      (select count(*) from outreach_steps st where ${ofKind} and state = 'failed' and reason is distinct from 'retries_exhausted')::int as failed,
      (select count(*) from outreach_steps st where ${ofKind} and st.state in ('dispatched', 'delivered') and not exists (
         select 1 from contact_attempts a join contact_outcomes o on o.attempt_id = a.id
          where a.outreach_step_id = st.id and a.dispatch_id = st.dispatch_id and o.outcome in ('sent', 'delivered')))::int as sent_without_ledger,
      (select count(*) from (select st.person_id from outreach_steps st where ${ofKind} group by 1
        having count(*) filter (where st.state in ('dispatched', 'delivered')) < least(count(*), ${expected}::int)) d)::int as persons_short`;
  return {
    steps: states.reduce((t, r) => t + r.n, 0),
    states: Object.fromEntries(states.map((r) => [r.state, r.n])),
    notSent: notSent.map((r) => ({ state: r.state, reason: r.reason, n: r.n })),
    violations: { outsideHours: f!.outside_hours, overCap: f!.over_cap, sentBeforeDue: f!.sent_before_due },
    duplicates: { stepsClaimedTwice: f!.steps_claimed_twice, dispatchIdsTwice: f!.dispatch_ids_twice },
    lost: { leftOpen: f!.left_open, deferredButDue: f!.deferred_but_due, failed: f!.failed, sentWithoutLedger: f!.sent_without_ledger, personsShortOfSends: f!.persons_short },
  };
}

/** What the provider received against the ledger: a key recorded twice, a step the ledger calls sent
 *  whose claim it never received (a lost send). Replays (the same key again, answered from its record) are
 *  the idempotency working, counted apart. */
export async function providerFindings(sql: postgres.Sql, received: { keys: string[]; replays: number }, kind?: string) {
  const keySet = new Set(received.keys);
  const claims = await sql<{ dispatch_id: string }[]>`select a.dispatch_id from contact_attempts a join outreach_steps st on st.id = a.outreach_step_id
    where st.state in ('dispatched', 'delivered') and (${kind ?? null}::text is null or st.kind = ${kind ?? null}::text)`;
  return {
    providerRecordsDuplicated: received.keys.length - keySet.size,
    claimsNeverSent: claims.filter((r) => !keySet.has(r.dispatch_id)).length,
    providerReplays: received.replays,
  };
}

export const allZero = (...groups: Array<Record<string, number>>) => groups.every((g) => Object.values(g).every((n) => n === 0));
