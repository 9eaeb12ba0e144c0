import type postgres from "postgres";

// The large-scale mode of the seed (issue 13: 1,000,000 accounts and 10,000,000 contact attempts).
// The generator tells each case's last 60 days, ~2.6 attempts an account; the rest of the history is
// written here set-wise, in PostgreSQL, without a round trip per row: each round copies the generated
// decisions, attempts and outcomes one cadence further back in time (ROUND_WEEKS whole weeks, so the
// weekday and the local hour stay those of a lawful generated attempt, and no frequency window of one
// round overlaps another's). Ids are derived (md5 of the original id and the round), so the copies
// keep their links (attempt → decision, outcome → attempt) and a rerun with the same seed gives the
// same book. Reference codes get the round as a ninth character: the generator's codes have eight.
// It runs while the seed's tables have no index or key yet (seed/index.ts): the keys and foreign keys
// recreated afterwards validate every copy. The rollup triggers are off during the load; the seed queues
// the rollup inbox set-wise afterwards (seed/rollup-triggers.ts), so the copies are counted like the rest.

/** Weeks between one round of history and the next (the generator's window is 60 days). */
const ROUND_WEEKS = 9;
/** The buckets of the last, partial round: a case is copied when hashtext(case id) & 1023 < k. */
const HASH_BUCKETS = 1024;

export interface ExtendLedgerResult {
  rounds: number;
  decisions: number;
  attempts: number;
  outcomes: number;
  /** The person given ~1,000 contacts (the evidence bundle's worst case), when asked for. */
  busyPerson: { personId: string; attempts: number } | null;
}

/**
 * Adds history until contact_attempts holds about `attempts` rows (at least that many, give or take
 * one case's attempts), and, with `busyPersonContacts`, that many more attempts to one US debtor.
 */
export async function extendLedger(sql: postgres.Sql, options: { attempts: number; busyPersonContacts?: number }): Promise<ExtendLedgerResult> {
  const [{ n: base }] = (await sql`select count(*)::bigint as n from contact_attempts`) as unknown as [{ n: string }];
  const have = Number(base);
  const result: ExtendLedgerResult = { rounds: 0, decisions: 0, attempts: 0, outcomes: 0, busyPerson: null };
  const missing = options.attempts - have - (options.busyPersonContacts ?? 0);
  if (have > 0 && missing > 0) {
    const rounds = Math.ceil(missing / have);
    const lastShare = (missing - (rounds - 1) * have) / have;
    const k = Math.min(HASH_BUCKETS, Math.ceil(lastShare * HASH_BUCKETS));
    result.rounds = rounds;
    // The rows of round r: every case in rounds 1 … rounds-1, a hash share of the cases in the last.
    const inRound = (caseId: string) => `(r.n < ${rounds} or (hashtext(${caseId}::text) & ${HASH_BUCKETS - 1}) < ${k})`;
    const shift = `(r.n * interval '${ROUND_WEEKS} weeks')`;
    const rounds_ = `cross join generate_series(1, ${rounds}) as r(n)`;
    const derived = (col: string) => `md5(${col}::text || ':' || r.n)::uuid`;
    result.decisions = (await sql.unsafe(`
      insert into compliance_decisions (id, case_id, person_id, actor_user_id, channel, rule_set, decision, not_before, results, time_zones, request, evaluated_at)
      select ${derived("d.id")}, d.case_id, d.person_id, d.actor_user_id, d.channel, d.rule_set, d.decision, d.not_before - ${shift}, d.results,
        d.time_zones, d.request, d.evaluated_at - ${shift}
      from compliance_decisions d ${rounds_} where ${inRound("d.case_id")}`)).count;
    result.attempts = (await sql.unsafe(`
      insert into contact_attempts (id, dispatch_id, reference_code, case_id, person_id, party_person_id, party_role, contact_point_id, address, channel,
        direction, purpose, account_ids, autodialed, decision_id, template_id, agent_user_id, rendered_body, started_at)
      select ${derived("a.id")}, case when a.dispatch_id is null then null else ${derived("a.dispatch_id")} end, a.reference_code || r.n,
        a.case_id, a.person_id, a.party_person_id, a.party_role, a.contact_point_id, a.address, a.channel, a.direction, a.purpose, a.account_ids,
        a.autodialed, case when a.decision_id is null then null else ${derived("a.decision_id")} end, a.template_id, a.agent_user_id,
        replace(a.rendered_body, a.reference_code, a.reference_code || r.n), a.started_at - ${shift}
      from contact_attempts a ${rounds_} where ${inRound("a.case_id")}`)).count;
    result.outcomes = (await sql.unsafe(`
      insert into contact_outcomes (id, attempt_id, outcome, source, recorded_by, provider_message_id, details, at)
      select ${derived("o.id")}, ${derived("o.attempt_id")}, o.outcome, o.source, o.recorded_by,
        case when o.provider_message_id is null then null else o.provider_message_id || '-' || r.n end, o.details, o.at - ${shift}
      from contact_outcomes o join contact_attempts a on a.id = o.attempt_id ${rounds_} where ${inRound("a.case_id")}`)).count;
  }
  if (options.busyPersonContacts) result.busyPerson = await busyPerson(sql, options.busyPersonContacts, result);
  return result;
}

/**
 * One US debtor with `contacts` attempts more (the evidence bundle's worst case, issue 13): copies of
 * their latest outbound call, one a day going back, each with its decision and outcomes. Reference
 * codes `EVI00001`…: the letter I is outside the generator's Crockford alphabet, so none can clash.
 */
async function busyPerson(sql: postgres.Sql, contacts: number, tally: ExtendLedgerResult): Promise<{ personId: string; attempts: number } | null> {
  const [template] = (await sql`
    select a.id, a.person_id from contact_attempts a
    where a.channel = 'call' and a.direction = 'outbound' and a.party_role = 'consumer' and a.decision_id is not null
      and a.reference_code like '________' and a.address like '+1%'
    order by a.started_at desc, a.id limit 1`) as unknown as Array<{ id: string; person_id: string }>;
  if (!template) return null;
  const derived = (col: string) => `md5('busy:' || ${col}::text || ':' || g.n)::uuid`;
  const series = `cross join generate_series(1, ${Number(contacts)}) as g(n)`;
  const shift = "(g.n * interval '1 day')";
  tally.decisions += (await sql.unsafe(`
    insert into compliance_decisions (id, case_id, person_id, actor_user_id, channel, rule_set, decision, not_before, results, time_zones, request, evaluated_at)
    select ${derived("d.id")}, d.case_id, d.person_id, d.actor_user_id, d.channel, d.rule_set, d.decision, d.not_before - ${shift}, d.results,
      d.time_zones, d.request, d.evaluated_at - ${shift}
    from contact_attempts a join compliance_decisions d on d.id = a.decision_id ${series} where a.id = $1`, [template.id])).count;
  const attempts = (await sql.unsafe(`
    insert into contact_attempts (id, dispatch_id, reference_code, case_id, person_id, party_person_id, party_role, contact_point_id, address, channel,
      direction, purpose, account_ids, autodialed, decision_id, template_id, agent_user_id, rendered_body, started_at)
    select ${derived("a.id")}, ${derived("coalesce(a.dispatch_id, a.id)")}, 'EVI' || lpad(g.n::text, 5, '0'), a.case_id, a.person_id, a.party_person_id,
      a.party_role, a.contact_point_id, a.address, a.channel, a.direction, a.purpose, a.account_ids, a.autodialed, ${derived("a.decision_id")},
      a.template_id, a.agent_user_id, a.rendered_body, a.started_at - ${shift}
    from contact_attempts a ${series} where a.id = $1`, [template.id])).count;
  tally.attempts += attempts;
  tally.outcomes += (await sql.unsafe(`
    insert into contact_outcomes (id, attempt_id, outcome, source, recorded_by, provider_message_id, details, at)
    select ${derived("o.id")}, ${derived("o.attempt_id")}, o.outcome, o.source, o.recorded_by, o.provider_message_id, o.details, o.at - ${shift}
    from contact_outcomes o ${series} where o.attempt_id = $1`, [template.id])).count;
  const [{ n }] = (await sql`select count(*)::int as n from contact_attempts where person_id = ${template.person_id}`) as unknown as [{ n: number }];
  return { personId: template.person_id, attempts: n };
}
