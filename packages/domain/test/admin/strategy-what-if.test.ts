import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, defaultClientPolicy, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import { createStrategyDraft, ForbiddenError, getStrategyAdmin, updateStrategyStep, whatIfStrategy, type Actor, type DomainContext } from "../../src";
import { testContext } from "../../src/testing";

const NOW = new Date("2026-03-03T15:00:00Z");

let t: TestDatabase;
let admin: Actor;
let agent: Actor;
let v1: string;
let loose: string;
let tight: string;
const ctx = (actor: Actor): DomainContext => testContext(t.db, actor, NOW);
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const freq = (r: { byRule: Array<{ rule: string; defer: number }> }) => r.byRule.find((x) => x.rule === "US-REGF-FREQ-7IN7")?.defer ?? 0;

beforeAll(async () => {
  t = await createTestDatabase();
  v1 = (await seedStrategiesAndTemplates(t.db)).strategyIds["US-FDCPA"];
  const teamId = (await makeTeam(t.db)).id;
  admin = asActor(await makeUser(t.db, { role: "admin", teamId: null }));
  agent = asActor(await makeUser(t.db, { teamId }));
  loose = (await makeClient(t.db)).id;
  // Two calls a week, not Reg F's seven.
  tight = (await makeClient(t.db, { policy: { ...defaultClientPolicy, compliance: { maxCallsPer7Days: 2 } } })).id;
  for (const clientId of [loose, tight]) {
    for (let i = 0; i < 4; i++) {
      // 20 days past due: the follow-up stage (calls every 3 days, SMS weekly, letters).
      await makeCase(t.db, { clientId, teamId, now: NOW, case: { strategyId: v1, stage: "follow_up", stageEnteredAt: new Date(NOW.getTime() - 86_400_000) }, accounts: [{ dueDate: "2026-02-11", delinquencyDate: "2026-02-12" }] });
    }
  }
});
afterAll(async () => t?.drop());

describe("what-if", () => {
  it("simulates a version over the sample, next to the one it was drafted from, with the tighter cap deferring calls; nothing is written", async () => {
    const before = { decisions: (await t.db.select().from(s.complianceDecisions)).length, steps: (await t.db.select().from(s.outreachSteps)).length, attempts: (await t.db.select().from(s.contactAttempts)).length };
    const atLoose = await whatIfStrategy(ctx(admin), { strategyId: v1, clientId: loose, cases: 100, weeks: 3 });
    expect(atLoose.sample.cases).toBe(4);
    expect(atLoose.result.steps.allowed).toBeGreaterThan(0);
    expect(freq(atLoose.result)).toBe(0);
    const atTight = await whatIfStrategy(ctx(admin), { strategyId: v1, clientId: tight, cases: 100, weeks: 3 });
    expect(freq(atTight.result)).toBeGreaterThan(0);
    expect(atTight.result.perDay.reduce((n, d) => n + d.call, 0)).toBeLessThan(atLoose.result.perDay.reduce((n, d) => n + d.call, 0));
    // The draft calls every day: against the same tight cap it is deferred more than the version it came from.
    const { strategyId: draft } = await createStrategyDraft(ctx(admin), { fromStrategyId: v1 });
    const call = (await getStrategyAdmin(ctx(admin), draft)).stages.find((x) => x.kind === "follow_up")!.steps.find((x) => x.channel === "call")!;
    await updateStrategyStep(ctx(admin), { stepId: call.id, step: { ...call, repeatEveryDays: 1 } });
    const daily = await whatIfStrategy(ctx(admin), { strategyId: draft, clientId: tight, cases: 100, weeks: 3 });
    expect(daily.compare?.version).toBe(1);
    expect(freq(daily.result)).toBeGreaterThan(freq(daily.compare!));
    expect(daily.compare!.decisions).toEqual(atTight.result.decisions);
    expect(daily.result.perDay).toHaveLength(21);
    const { decisions, steps } = daily.result;
    expect(decisions.allow).toBe(steps.allowed);
    expect(steps.planned).toBe(steps.allowed + steps.blocked + steps.deferredAtEnd + steps.noTemplate + steps.noContactPoint);
    expect({ decisions: (await t.db.select().from(s.complianceDecisions)).length, steps: (await t.db.select().from(s.outreachSteps)).length, attempts: (await t.db.select().from(s.contactAttempts)).length }).toEqual(before);
    expect(await t.db.select().from(s.auditEvents).where(eq(s.auditEvents.action, "strategy.what_if"))).toHaveLength(3);
    await expect(whatIfStrategy(ctx(agent), { strategyId: v1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
