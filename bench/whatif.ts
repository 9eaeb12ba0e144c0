// The strategy what-if (issue 14): 5,000 open cases of the US book simulated over six weeks, for a draft
// and the published version next to it, on a fresh database seeded with the demo book (dropped after).
// Prints one JSON object: the seconds the verb took end to end (reading the sample set-wise + both
// simulations), the split, the figures it produced, and the machine's load average while it ran.
// Target: < 30 s for 5,000 cases over 6 weeks.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createDb } from "@casebook/db";
import { dropDatabase } from "@casebook/db/migrate";
import { seedDemo } from "@casebook/db/seed";
import { testContext } from "@casebook/domain/testing";
import { createStrategyDraft, getStrategyAdmin, updateStrategyStep, whatIfStrategy, type Actor } from "@casebook/domain";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "12000" },
    cases: { type: "string", default: "5000" },
    weeks: { type: "string", default: "6" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const NOW = new Date("2026-03-03T17:00:00Z");
const server = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/casebook");
server.pathname = `/casebook_bench_whatif_${randomBytes(4).toString("hex")}`;
const url = server.toString();
const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;

const result: Record<string, unknown> = { accounts: Number(values.accounts), cases: Number(values.cases), weeks: Number(values.weeks), now: NOW.toISOString(), loadBefore: loadavg() };
try {
  const t0 = performance.now();
  await seedDemo({ url, accounts: Number(values.accounts), now: NOW });
  result.seedSeconds = seconds(t0);
  const { db, sql, close } = createDb({ url, max: 4 });
  try {
    const [admin] = await sql<Array<{ id: string; email: string }>>`select id, email from users where role = 'admin' limit 1`;
    const actor: Actor = { kind: "user", userId: admin!.id, role: "admin", teamId: null, label: admin!.email };
    const ctx = testContext(db, actor, NOW);
    const [v1] = await sql<Array<{ id: string }>>`select id from strategies where rule_set = 'US-FDCPA' and status = 'published' order by version limit 1`;
    // A draft whose follow-up calls come daily instead of every three days: the cap has work to do.
    const { strategyId } = await createStrategyDraft(ctx, { fromStrategyId: v1!.id });
    const call = (await getStrategyAdmin(ctx, strategyId)).stages.find((x) => x.kind === "follow_up")!.steps.find((x) => x.channel === "call")!;
    await updateStrategyStep(ctx, { stepId: call.id, step: { ...call, repeatEveryDays: 1 } });
    const runs: Array<Record<string, unknown>> = [];
    for (let i = 0; i < Number(values.runs); i++) {
      const t = performance.now();
      const report = await whatIfStrategy(ctx, { strategyId, cases: Number(values.cases), weeks: Number(values.weeks) });
      const wall = seconds(t);
      runs.push({
        seconds: wall, load: loadavg().map((x) => Math.round(x * 100) / 100), sampleCases: report.sample.cases, persons: report.sample.persons,
        readSeconds: report.sample.readMs / 1000, simulateSeconds: report.sample.simulateMs / 1000,
        draft: { steps: report.result.steps, decisions: report.result.decisions, topRules: report.result.byRule.slice(0, 5) },
        published: report.compare ? { steps: report.compare.steps, decisions: report.compare.decisions, topRules: report.compare.byRule.slice(0, 5) } : null,
      });
    }
    result.runs = runs;
    const times = runs.map((r) => r.seconds as number).sort((a, b) => a - b);
    result.secondsMedian = times[Math.floor(times.length / 2)];
    result.target = "< 30 s";
    result.met = (times[times.length - 1] ?? Infinity) < 30;
  } finally {
    await close();
  }
} finally {
  if (!values.keep) await dropDatabase(url);
}
result.loadAfter = loadavg();
console.log(JSON.stringify(result, null, 2));
