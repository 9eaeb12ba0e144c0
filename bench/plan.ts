// bench/plan: the set-wise planner (issue 15: planning 1,000,000 cases in ≤ 120 s). Prints one JSON object.
//
//   nice -n 10 pnpm --filter @casebook/bench plan [-- --cases 1000000 --chunk 10000 --parallel 2 --keep]
//
// A fresh database: the demo book (2,000 accounts: US and CN, every stage, holds, disputes, plans,
// emergency contacts), whose open cases are then copied set-wise (INSERT … SELECT generate_series, ids
// derived by md5, so each copy keeps its person and accounts) until --cases open cases exist. Then the
// planner's walk plans them all (openCasePage + planCasesSet, --chunk cases per transaction, --parallel
// transactions at once, as the worker's events workers plan pages side by side) and the
// walk is run a second time, which must plan nothing (idempotence). Figures: seconds, cases/s, steps/s,
// with the load average before and after (a busy machine gives slow figures: say which).
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createDb } from "@casebook/db";
import { dropDatabase } from "@casebook/db/migrate";
import { seedDemo } from "@casebook/db/seed";
import { openCasePage, planCasesSet, systemActor } from "@casebook/domain";
import { testContext } from "@casebook/domain/testing";
import { cpuSecondsOf, cpuSpent } from "./lib/processes";

const { values } = parseArgs({
  // pnpm passes its "--" separator through.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    cases: { type: "string", default: "1000000" },
    chunk: { type: "string", default: "10000" },
    parallel: { type: "string", default: "2" },
    "base-accounts": { type: "string", default: "2000" },
    keep: { type: "boolean", default: false },
  },
});
const target = Number(values.cases);
const chunk = Number(values.chunk);
if (!Number.isInteger(target) || target < 1) throw new Error("--cases must be a positive integer");
if (!Number.isInteger(chunk) || chunk < 1 || chunk > 20_000) throw new Error("--chunk must be an integer from 1 to 20000");
const parallel = Number(values.parallel);
if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8) throw new Error("--parallel must be an integer from 1 to 8");
const NOW = new Date("2026-03-03T17:00:00Z");
const server = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/casebook");
server.pathname = `/casebook_bench_plan_${randomBytes(4).toString("hex")}`;
const url = server.toString();
const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;
const load = () => loadavg().map((l) => Math.round(l * 10) / 10);

const result: Record<string, unknown> = { cases: target, chunk, parallel, now: NOW.toISOString(), loadBefore: load() };
try {
  let t0 = performance.now();
  await seedDemo({ url, accounts: Number(values["base-accounts"]), now: NOW });
  const { db, sql, close } = createDb({ url, max: parallel + 1 });
  try {
    const [{ open }] = await sql<[{ open: number }]>`select count(*)::int as open from cases where status = 'open'`;
    const rounds = Math.max(0, Math.ceil(target / open) - 1);
    if (rounds > 0) {
      // A copy of each open case, its debtor and its accounts per round (a bench database: triggers and
      // foreign-key checks off for the copy, the superuser's session_replication_role).
      await sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`set local synchronous_commit = off`;
        await tx.unsafe(`
          create temporary table open_cases on commit drop as select * from cases where status = 'open';
          insert into persons select (json_populate_record(p, json_build_object('id', md5(p.id::text || ':' || r.n)::uuid))).*
            from persons p join (select distinct person_id from open_cases) o on o.person_id = p.id cross join generate_series(1, ${rounds}) r(n);
          insert into related_parties select (json_populate_record(rp, json_build_object('id', md5(rp.id::text || ':' || r.n)::uuid,
              'debtor_person_id', md5(rp.debtor_person_id::text || ':' || r.n)::uuid))).*
            from related_parties rp join (select distinct person_id from open_cases) o on o.person_id = rp.debtor_person_id cross join generate_series(1, ${rounds}) r(n);
          insert into cases select (json_populate_record(c, json_build_object('id', md5(c.id::text || ':' || r.n)::uuid,
              'person_id', md5(c.person_id::text || ':' || r.n)::uuid))).*
            from open_cases c cross join generate_series(1, ${rounds}) r(n);
          insert into accounts select (json_populate_record(a, json_build_object('id', md5(a.id::text || ':' || r.n)::uuid,
              'case_id', md5(a.case_id::text || ':' || r.n)::uuid, 'person_id', md5(a.person_id::text || ':' || r.n)::uuid,
              'client_reference', a.client_reference || '-' || r.n))).*
            from accounts a join open_cases c on c.id = a.case_id cross join generate_series(1, ${rounds}) r(n);`);
      });
      await sql`analyze`;
    }
    const [{ openNow }] = await sql<[{ openNow: number }]>`select count(*)::int as "openNow" from cases where status = 'open'`;
    result.prepareSeconds = seconds(t0);
    result.openCases = openNow;

    const ctx = testContext(db, systemActor("bench-plan"), NOW);
    // CPU seconds of this process and of the database server processes serving the bench database (from
    // /proc): steadier than wall time on a shared machine. The pool's connections live for the run.
    const backendPids = async () => (await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`).map((r) => r.pid);
    const cpuOf = async () => ({ node: process.cpuUsage(), postgres: await cpuSecondsOf(await backendPids()) });
    const cpuSince = async (c0: Awaited<ReturnType<typeof cpuOf>>) => {
      const node = process.cpuUsage(c0.node);
      return { nodeCpuSeconds: Math.round((node.user + node.system) / 1e4) / 100, postgresCpuSeconds: Math.round(cpuSpent(c0.postgres, await cpuSecondsOf(await backendPids())) * 100) / 100 };
    };
    const walk = async () => {
      let after: string | null = null;
      let cases = 0;
      let planned = 0;
      let moved = 0;
      const inFlight = new Set<Promise<void>>();
      while (cases < target) {
        const page = await openCasePage(db, after, Math.min(chunk, target - cases));
        if (page.length === 0) break;
        cases += page.length;
        after = page[page.length - 1]!;
        const planning: Promise<void> = planCasesSet(ctx, page).then((r) => {
          planned += r.planned;
          moved += r.moved;
        }).finally(() => inFlight.delete(planning));
        inFlight.add(planning);
        if (inFlight.size >= parallel) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      return { cases, planned, moved };
    };
    // Every connection opened before the clock starts, so every backend that plans is counted.
    await Promise.all(Array.from({ length: parallel + 1 }, () => sql`select pg_sleep(0.05)`));
    t0 = performance.now();
    const cpu0 = await cpuOf();
    const first = await walk();
    const s1 = seconds(t0);
    result.plan = { ...first, seconds: s1, casesPerSecond: Math.round(first.cases / s1), stepsPerSecond: Math.round(first.planned / s1), ...(await cpuSince(cpu0)) };
    result.loadAfterPlan = load();
    console.error(`  plan: ${JSON.stringify(result.plan)}`);
    t0 = performance.now();
    const cpu1 = await cpuOf();
    const again = await walk();
    result.replan = { ...again, seconds: seconds(t0), ...(await cpuSince(cpu1)) };
    const [{ dups }] = await sql<[{ dups: number }]>`select count(*)::int as dups from (
      select 1 from outreach_steps group by case_id, kind, strategy_step_id, occurrence, party_person_id having count(*) > 1) d`;
    result.duplicateSteps = dups;
    result.targetMet = s1 <= 120 * (first.cases / 1_000_000) && again.planned === 0 && dups === 0;
  } finally {
    await close();
  }
} finally {
  if (!values.keep) await dropDatabase(url);
  else result.databaseUrl = url;
}
result.loadAfter = load();
console.log(JSON.stringify(result, null, 2));
