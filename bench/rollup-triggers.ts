// pnpm --filter @casebook/bench rollup-triggers [-- --steps 2000 --batch 100 --rounds 8]
// Prints one JSON object: the PostgreSQL backend CPU a dispatch batch's writes cost (decisions inserted,
// steps claimed, steps sent, as the gate and the write-back do them) under the rollup triggers per row
// (migrations 0007 and 0016) and per statement (0022), in one fresh database, the two alternating round
// by round, every batch rolled back so both write the same rows. CPU read from /proc (same machine).
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createTestDatabase } from "@casebook/db/testing";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { steps: { type: "string", default: "2000" }, batch: { type: "string", default: "100" }, rounds: { type: "string", default: "8" } },
});
const N = Number(values.steps);
const BATCH = Number(values.batch);
const ROUNDS = Number(values.rounds);
const migrations = path.join(path.dirname(fileURLToPath(import.meta.url)), "../packages/db/drizzle");
const firstStatement = async (file: string) => (await readFile(path.join(migrations, file), "utf8")).split("--> statement-breakpoint")[0]!;

/** Thrown to roll a measured batch back. */
class RollBack extends Error {}

const loadBefore = loadavg();
const t = await createTestDatabase({ max: 1 });
const sql = t.ownerSql;
try {
  await sql`create or replace function bench_uuid(text) returns uuid language sql immutable as
    $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`;
  const [client] = await sql`insert into clients (code, name, country, currency, rule_set, agency_name, policy)
    values ('BENCH', 'Bench Bank', 'US', 'USD', 'US-FDCPA', 'Bench Recovery', '{}'::jsonb) returning id`;
  const [team] = await sql`insert into teams (name) values ('Bench team') returning id`;
  await sql`insert into persons (id, full_name, given_name, country, region, postal_code, time_zones)
    select bench_uuid('p' || i), 'Bench Person ' || i, 'Bench', 'US', 'NY', '11215', '{America/New_York}' from generate_series(1, ${N}::int) i`;
  await sql`insert into cases (id, client_id, person_id, team_id) select bench_uuid('c' || i), ${client!.id}, bench_uuid('p' || i), ${team!.id} from generate_series(1, ${N}::int) i`;
  await sql`insert into outreach_steps (id, case_id, person_id, party_person_id, account_ids, kind, channel, template_code, purpose, due_at, occurrence)
    select bench_uuid('s' || i), bench_uuid('c' || i), bench_uuid('p' || i), bench_uuid('p' || i), '{}', 'bench', 'sms', 'bench', 'collection', now() - interval '1 minute', i
      from generate_series(1, ${N}::int) i`;
  await sql`analyze`;
  const [{ pid }] = (await sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
  const backendCpuMs = async () => {
    const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  // The row triggers' functions as 0007 and 0016 created them (0022 dropped the steps' one: it is
  // created again here for the row variant).
  const rowFunctions = (await firstStatement("0007_rollup_triggers.sql")) + (await firstStatement("0016_outreach_rollup_triggers.sql"));

  async function use(kind: "row" | "statement") {
    await sql.begin(async (tx) => {
      for (const trigger of ["outreach_steps_rollup", "outreach_steps_rollup_insert", "outreach_steps_rollup_update", "outreach_steps_rollup_delete"]) {
        await tx.unsafe(`drop trigger if exists ${trigger} on outreach_steps`);
      }
      await tx.unsafe(`drop trigger if exists compliance_decisions_rollup on compliance_decisions`);
      if (kind === "row") {
        await tx.unsafe(rowFunctions);
        await tx.unsafe(`create trigger compliance_decisions_rollup after insert on compliance_decisions for each row execute function casebook_rollup_enqueue()`);
        await tx.unsafe(`create trigger outreach_steps_rollup after insert or update or delete on outreach_steps for each row execute function casebook_outreach_step_rollup()`);
      } else {
        await tx.unsafe(`create trigger compliance_decisions_rollup after insert on compliance_decisions referencing new table as new_rows
          for each statement execute function casebook_rollup_enqueue_rows()`);
        await tx.unsafe(`create trigger outreach_steps_rollup_update after update on outreach_steps referencing old table as old_steps new table as new_steps
          for each statement execute function casebook_outreach_steps_rollup()`);
      }
    });
  }

  /** One batch's writes (decisions, the claim, the send's write-back), rolled back; its backend CPU. */
  async function batch(from: number): Promise<number> {
    const to = from + BATCH - 1;
    let spent = 0;
    await sql.begin(async (tx) => {
      const before = await backendCpuMs();
      await tx`insert into compliance_decisions (id, case_id, person_id, outreach_step_id, channel, rule_set, decision, results, time_zones, request, evaluated_at)
        select bench_uuid('d' || i), bench_uuid('c' || i), bench_uuid('p' || i), bench_uuid('s' || i), 'sms', 'US-FDCPA', 'allow',
          '[{"rule":"us.hours","outcome":"pass"}]', '{America/New_York}', '{}', now() from generate_series(${from}::int, ${to}::int) i`;
      await tx`update outreach_steps s set state = 'claimed', last_decision_id = bench_uuid('d' || i), claimed_at = now(), updated_at = now()
        from generate_series(${from}::int, ${to}::int) i where s.id = bench_uuid('s' || i)`;
      await tx`update outreach_steps set state = 'dispatched', dispatched_at = now(), updated_at = now() + interval '1 second'
        where id in (select bench_uuid('s' || i) from generate_series(${from}::int, ${to}::int) i)`;
      spent = (await backendCpuMs()) - before;
      throw new RollBack();
    }).catch((err: unknown) => {
      if (!(err instanceof RollBack)) throw err;
    });
    return spent;
  }

  const perStep: Record<"row" | "statement", number[]> = { row: [], statement: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? (["row", "statement"] as const) : (["statement", "row"] as const)) {
      await use(kind);
      let ms = 0;
      for (let from = 1; from <= N; from += BATCH) ms += await batch(from);
      perStep[kind].push(Math.round((ms / N) * 1000) / 1000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(JSON.stringify({
    steps: N, batch: BATCH, rounds: ROUNDS,
    backendCpuMsPerStep: { row: median(perStep.row), statement: median(perStep.statement) },
    perRound: perStep,
    loadAverage: { before: loadBefore, after: loadavg() },
  }));
} finally {
  await t.drop();
}
