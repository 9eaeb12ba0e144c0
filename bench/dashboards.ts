// bench/dashboards: the supervisor and compliance dashboards' server time (the domain verb each page
// calls, on a fresh database seeded with the demo book plus synthetic outreach steps), the folds that
// feed them (each fold's seconds in the JSON: foldRollups, foldBucketDays, foldAgentDays), and an
// evidence bundle for the person with the most contacts. Prints one JSON object.
//
//   pnpm --filter @casebook/bench dashboards [--accounts 20000] [--attempts N] [--busy-person 1000] [--runs 30] [--keep]
//   pnpm --filter @casebook/bench dashboards --database-url URL      (measure again a database kept by --keep)
//   pnpm --filter @casebook/bench dashboards --scale 1m [--rebuild]  (the issue's scale, in the persistent
//     database casebook_bench_1m: built once (seed, steps, rollups, 120 days of bucket moves; about
//     an hour on a busy 2-core machine) and reused by every later run, which then only measures)
//
// The issue's target: --accounts 1000000 --attempts 10000000 --busy-person 1000 (the seed's large-scale
// mode, packages/db/src/seed/extend-ledger.ts; without --attempts the generator writes ~2.6 attempts an
// account). The figures printed are for the scale given, never extrapolated. Run it with nice -n 10.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import postgres from "postgres";
import { createDb } from "@casebook/db";
import { dropDatabase, migrateDatabase } from "@casebook/db/migrate";
import { seedDemo } from "@casebook/db/seed";
import { testContext } from "@casebook/domain/testing";
import {
  buildEvidenceBundle, foldAgentDays, foldBucketDays, foldRollups, rebuildRollups, getDecisionsByRule, getOutreachFunnel, getPortfolio, getRollRates, getTeamActivity,
  DRILL_METRICS, listDispatchLog, listPortfolioCases, listTeamLive, searchDecisions, type Actor, type DomainContext,
} from "@casebook/domain";

const { values } = parseArgs({
  // pnpm passes its "--" separator through.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    accounts: { type: "string", default: "20000" },
    runs: { type: "string", default: "30" },
    keep: { type: "boolean", default: false },
    attempts: { type: "string" },
    "busy-person": { type: "string" },
    "database-url": { type: "string" },
    /** Fold only the last N days of DPD-bucket moves (the first fold of a database reaches back 731
     *  days, one pass over the accounts per day: at 1,000,000 accounts that alone takes most of an hour). */
    "bucket-days": { type: "string" },
    /** "1m": 1,000,000 accounts, 10,000,000 attempts, a debtor with 1,000 contacts, in casebook_bench_1m. */
    scale: { type: "string" },
    /** With --scale: drop and build the persistent database again. */
    rebuild: { type: "boolean", default: false },
    /** Also time the drill-down for every metric over a month, a year, a client's year and a bucket's year
     *  (`drillMatrix` in the JSON: three runs each, median and max ms), beyond the page mix above. */
    "drill-matrix": { type: "boolean", default: false },
  },
});
const SCALES: Record<string, { database: string; accounts: number; attempts: number; busyPerson: number; bucketDays: number }> = {
  "1m": { database: "casebook_bench_1m", accounts: 1_000_000, attempts: 10_000_000, busyPerson: 1_000, bucketDays: 120 },
};
const scale = values.scale === undefined ? undefined : SCALES[values.scale];
if (values.scale !== undefined && !scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(", ")}`);
if (scale) {
  values.accounts = String(scale.accounts);
  values.attempts = String(scale.attempts);
  values["busy-person"] = String(scale.busyPerson);
  values["bucket-days"] ??= String(scale.bucketDays);
}
const accounts = Number(values.accounts);
const runs = Number(values.runs);
const NOW = new Date("2026-03-03T17:00:00Z");

const attempts = values.attempts === undefined ? undefined : Number(values.attempts);
const busyPersonContacts = values["busy-person"] === undefined ? undefined : Number(values["busy-person"]);
const server = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/casebook");
server.pathname = scale ? `/${scale.database}` : `/casebook_bench_dashboards_${randomBytes(4).toString("hex")}`;
/** The persistent database is reused when a build of it finished (its seed and its preparation are audited). */
async function persistentState(): Promise<"missing" | "seeded" | "prepared"> {
  const admin = new URL(server);
  admin.pathname = "/postgres";
  const probe = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await probe`select 1 from pg_database where datname = ${scale!.database}`;
    if (!row) return "missing";
  } finally {
    await probe.end({ timeout: 5 });
  }
  const db = postgres(server.toString(), { max: 1, onnotice: () => {} });
  try {
    const [marks] = await db<[{ seeded: boolean; prepared: boolean }]>`select
      exists (select 1 from audit_events where action = 'seed.run') as seeded, exists (select 1 from audit_events where action = 'bench.prepared') as prepared`;
    return marks.prepared ? "prepared" : marks.seeded ? "seeded" : "missing";
  } catch {
    return "missing";
  } finally {
    await db.end({ timeout: 5 });
  }
}
const state = scale ? (values.rebuild ? "missing" : await persistentState()) : undefined;
const reuse = values["database-url"] ?? (state === "prepared" ? server.toString() : undefined);
const url = reuse ?? server.toString();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const summary = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100) });
const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;

const load = () => loadavg().map((l) => Math.round(l * 10) / 10);
const result: Record<string, unknown> = { accounts, runs, now: NOW.toISOString(), ...(scale ? { database: scale.database } : {}), loadBefore: load() };
try {
  let t0 = performance.now();
  if (reuse) {
    // A kept database: migrations added since (indexes, rollups) are applied, nothing is seeded again.
    await migrateDatabase(url);
    result.reused = true;
  } else if (state === "seeded") {
    // The persistent database was seeded (`pnpm db:seed` with the same scale and --now) but not prepared.
    await migrateDatabase(url);
    result.seeded = "before";
  } else {
    const report = await seedDemo({ url, accounts, now: NOW, attempts, busyPersonContacts, reset: Boolean(scale), onProgress: (m) => console.error(`  ${m}`) });
    result.seedSeconds = seconds(t0);
    result.seedPhases = report.phases;
    result.rows = report.rows;
    result.extended = report.extended;
  }
  const { db, sql, close } = createDb({ url, max: 4 });
  try {
    // Outreach steps in every fate for the funnel and the dispatch log (the seed writes none in the past).
    t0 = performance.now();
    if (!reuse) await sql`
      insert into outreach_steps (case_id, person_id, party_person_id, account_ids, strategy_id, strategy_step_id, occurrence, channel, template_code, purpose, due_at, state, last_decision_id)
      select c.id, c.person_id, c.person_id, (select array_agg(a.id) from accounts a where a.case_id = c.id), c.strategy_id, s.id, 1, 'sms', 'reminder', 'collection',
        ${NOW.toISOString()}::timestamptz - (random() * interval '60 days'),
        (array['planned', 'dispatched', 'delivered', 'deferred', 'blocked', 'failed', 'cancelled'])[1 + floor(random() * 7)::int]::outreach_state,
        (select d.id from compliance_decisions d where d.case_id = c.id limit 1)
      from cases c cross join lateral (
        select ss.id from strategy_steps ss join strategy_stages sg on sg.id = ss.stage_id where sg.strategy_id = c.strategy_id order by sg.ordinal, ss.ordinal limit 3
      ) s where c.strategy_id is not null`;
    result.stepsSeconds = seconds(t0);
    const [counts] = await sql<Array<Record<string, number>>>`select (select count(*) from contact_attempts)::int as attempts,
      (select count(*) from compliance_decisions)::int as decisions, (select count(*) from outreach_steps)::int as steps, (select count(*) from audit_events)::int as audit`;
    result.counts = counts;

    t0 = performance.now();
    // A fresh book's inbox holds every ledger row: computed afresh set-wise (rebuildRollups), not folded
    // in batches; the fold then takes whatever arrived meanwhile (nothing, here).
    if (!reuse) result.rebuildRollups = { ...(await rebuildRollups({ db })), seconds: seconds(t0) };
    const folded = await foldRollups({ db }, { maxBatches: 1_000_000 });
    result.foldRollups = { ...folded, seconds: seconds(t0) };
    t0 = performance.now();
    let days = 0;
    if (values["bucket-days"] && !reuse) {
      const from = new Date(NOW.getTime() - (Number(values["bucket-days"]) + 1) * 86_400_000).toISOString().slice(0, 10);
      await sql`insert into rollup_watermarks (name, through_day) values ('bucket_days', ${from}::date) on conflict (name) do nothing`;
      result.bucketDaysFrom = from;
    }
    console.error(`  rollups folded: ${JSON.stringify(result.foldRollups)}`);
    for (let r = await foldBucketDays({ db, now: NOW }, { maxDays: 1_000 }); r.days > 0; r = await foldBucketDays({ db, now: NOW }, { maxDays: 1_000 })) days += r.days;
    result.foldBucketDays = { days, seconds: seconds(t0) };
    console.error(`  bucket days folded: ${JSON.stringify(result.foldBucketDays)}`);
    // The agents' case sessions (the Team page's time on cases): every run, the reuse path included, so
    // a kept database migrated to the rollup is backfilled from its first case event here, and a later
    // run folds only the days since (none, with the fixed NOW).
    t0 = performance.now();
    let agentDays = 0;
    let agentFold = await foldAgentDays({ db, now: NOW }, { maxDays: 1_000 });
    for (; agentFold.days > 0; agentFold = await foldAgentDays({ db, now: NOW }, { maxDays: 1_000 })) agentDays += agentFold.days;
    result.foldAgentDays = { days: agentDays, throughDay: agentFold.throughDay, seconds: seconds(t0) };
    console.error(`  agent days folded: ${JSON.stringify(result.foldAgentDays)}`);
    // Fresh rollup tables: statistics and the visibility map (index-only reads), as autovacuum would give them.
    if (agentDays > 0) await sql`vacuum (analyze) rollup_agent_days, rollup_agent_case_days`;
    // The rebuild and the folds deleted every inbox row (tens of millions at the issue's scale). A server
    // with autovacuum on (production) reclaims them soon; this one may have it off (CI's configuration),
    // and a dashboard's pending-events count would then scan gigabytes of dead rows. Vacuumed here, as
    // an operator would after a bulk load.
    if (!reuse) await sql`vacuum (analyze) rollup_inbox, rollup_step_inbox`;
    // The steps above (and their dispatch_log rows, by trigger) came after the seed's analyze: without
    // fresh statistics the dispatch log's client slice was planned for 59 rows of 519,364 and read them
    // all by bitmap (p95 750 ms at 1M; 23 ms by its index once analyzed).
    if (!reuse) await sql`vacuum (analyze) outreach_steps, dispatch_log`;
    // The Team page's "open cases owned" per agent counts by the cases' owner index: without the
    // visibility map (never set on a bulk-loaded table with autovacuum off) every entry visits the heap
    // (a seeded agent owns some 290,000 open cases here: 155 ms each, 103 ms after vacuum).
    if (!reuse) await sql`vacuum (analyze) cases`;
    // The drill-down reads rollup_case_daily by index-only scans, which need the table's visibility map:
    // set after the rebuild, or after the migration's backfill on a kept database built before it. The
    // bucket days' moves had no statistics either (the year's roll drill-down was planned for 375 rows
    // of 138,330 at 100,000 accounts, and sorted them on disk).
    await sql`vacuum (analyze) rollup_case_daily, case_bucket_moves`;
    if (scale && !reuse) {
      await sql`insert into audit_events (actor_kind, actor_label, action, entity_type, entity_id, details)
        values ('system', 'system:bench', 'bench.prepared', 'database', ${scale.database}, ${JSON.stringify({ now: NOW.toISOString(), bucketDays: Number(values["bucket-days"]) })}::text::jsonb)`;
    }
    result.loadBeforeTimings = load();

    const users = await sql<Array<{ id: string; role: string; team_id: string | null; email: string }>>`select id, role, team_id, email from users`;
    const as = (role: string): Actor => {
      const u = users.find((x) => x.role === role)!;
      return { kind: "user", userId: u.id, role: role as "supervisor", teamId: u.team_id, label: u.email };
    };
    const sup: DomainContext = testContext(db, as("supervisor"), NOW);
    const officer: DomainContext = testContext(db, as("compliance"), NOW);
    const clients = (await sql<Array<{ id: string }>>`select id from clients`).map((c) => c.id);
    const [rule] = await sql<Array<{ rule: string }>>`select r ->> 'rule' as rule from compliance_decisions, jsonb_array_elements(results) r
      where r ->> 'outcome' = 'block' group by 1 order by count(*) desc limit 1`;
    const slices = (i: number) => [{}, { clientId: clients[i % clients.length] }, { from: "2025-03-04", to: "2026-03-03", grain: "week" as const }][i % 3]!;

    const pages: Record<string, (i: number) => Promise<unknown>> = {
      portfolio: (i) => getPortfolio(sup, slices(i)),
      rollRates: (i) => getRollRates(sup, slices(i)),
      portfolioDrill: (i) => listPortfolioCases(sup, { ...slices(i), metric: (["contacts", "collected", "rolled"] as const)[i % 3]! }),
      decisionsByRule: (i) => getDecisionsByRule(officer, slices(i)),
      decisionSearch: (i) => searchDecisions(officer, i % 2 ? { rule: rule?.rule } : { outcome: "block", from: "2026-01-01" }),
      teamActivity: (i) => getTeamActivity(sup, i % 2 ? {} : { from: "2025-12-01" }),
      teamLive: () => listTeamLive(sup),
      outreachFunnel: (i) => getOutreachFunnel(sup, slices(i)),
      dispatchLog: (i) => listDispatchLog(sup, slices(i)),
    };
    const timings: Record<string, unknown> = {};
    for (const [name, call] of Object.entries(pages)) {
      await call(0); // warm-up (plans, connections)
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await call(i);
        ms.push(performance.now() - t);
      }
      timings[name] = summary(ms);
      console.error(`  ${name}: ${JSON.stringify(timings[name])}`);
    }
    result.ms = timings;

    if (values["drill-matrix"]) {
      const year = { from: "2025-03-04", to: "2026-03-03" };
      const matrix: Record<string, { medianMs: number; maxMs: number; cases: number; atLeast: boolean; events: number }> = {};
      const drillSlices = { month: {}, year, clientYear: { ...year, clientId: clients[0] }, bucketYear: { ...year, bucket: "30_59" as const } };
      for (const metric of DRILL_METRICS) {
        for (const [name, slice] of Object.entries(drillSlices)) {
          const ms: number[] = [];
          let last: Awaited<ReturnType<typeof listPortfolioCases>> | undefined;
          for (let i = 0; i < 3; i++) {
            const t = performance.now();
            last = await listPortfolioCases(sup, { ...slice, metric });
            ms.push(performance.now() - t);
          }
          matrix[`${metric}.${name}`] = { medianMs: pct(ms, 50), maxMs: pct(ms, 100), cases: last!.totalCases, atLeast: last!.casesAtLeast, events: last!.totalEvents };
          console.error(`  drill ${metric}.${name}: ${JSON.stringify(matrix[`${metric}.${name}`])}`);
        }
      }
      result.drillMatrix = matrix;
    }

    const [busiest] = await sql<Array<{ person_id: string; n: number }>>`
      select person_id, count(*)::int as n from contact_attempts group by 1 order by 2 desc limit 1`;
    t0 = performance.now();
    const bundle = await buildEvidenceBundle(officer, { personId: busiest!.person_id });
    result.evidenceBundle = { contacts: busiest!.n, seconds: seconds(t0), bytes: bundle.zip.byteLength };
    result.loadAfter = load();
  } finally {
    await close();
  }
} finally {
  if (!values.keep && !reuse && !scale) await dropDatabase(url);
  else result.databaseUrl = url;
}
console.log(JSON.stringify(result, null, 2));
