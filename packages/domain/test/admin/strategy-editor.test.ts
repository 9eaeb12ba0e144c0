import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { seedStrategiesAndTemplates } from "@casebook/db/seed/strategies";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  addStrategyStep, ConflictError, createStrategyDraft, ForbiddenError, getStrategyAdmin, planOpenCases, planOutreach, previewStrategy, publishStrategy,
  removeStrategyStep, retireStrategyVersion, scheduleStrategyMigration, systemActor, updateStrategyStage, updateStrategyStep, ValidationError, type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// Tuesday 2026-03-03 15:00 UTC = 10:00 in New York.
const NOW = new Date("2026-03-03T15:00:00Z");
const DAY = 86_400_000;

let t: TestDatabase;
let admin: Actor;
let agent: Actor;
let v1: string;
let caseId: string;
let clientId: string;
let teamId: string;
const ctx = (actor: Actor, now = NOW): DomainContext => testContext(t.db, actor, now);
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const audits = (action: string, entityId: string) => t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, action), eq(s.auditEvents.entityId, entityId)));

beforeAll(async () => {
  t = await createTestDatabase();
  v1 = (await seedStrategiesAndTemplates(t.db)).strategyIds["US-FDCPA"];
  teamId = (await makeTeam(t.db)).id;
  admin = asActor(await makeUser(t.db, { role: "admin", teamId: null }));
  agent = asActor(await makeUser(t.db, { teamId }));
  clientId = (await makeClient(t.db)).id;
  // 5 days past due, in the first reminder since yesterday: its call step (day 2) falls on Thursday.
  const c = await makeCase(t.db, {
    clientId, teamId, now: NOW,
    case: { strategyId: v1, stage: "first_reminder", stageEnteredAt: new Date(NOW.getTime() - DAY) },
    accounts: [{ dueDate: "2026-02-26", delinquencyDate: "2026-02-27" }],
  });
  caseId = c.id;
});
afterAll(async () => t?.drop());

const callOf = (steps: Awaited<ReturnType<typeof previewStrategy>>["steps"]) => steps.find((x) => x.channel === "call")!;

describe("strategy editor", () => {
  let draft: string;
  let callStep: string;

  it("an admin copies the published version into a draft (one draft per name); agents are refused", async () => {
    const made = await createStrategyDraft(ctx(admin), { fromStrategyId: v1 });
    expect(made).toMatchObject({ version: 2, created: true });
    draft = made.strategyId;
    expect(await createStrategyDraft(ctx(admin), { fromStrategyId: v1 })).toEqual({ strategyId: draft, version: 2, created: false });
    const view = await getStrategyAdmin(ctx(admin), draft);
    expect(view.strategy).toMatchObject({ status: "draft", basedOnId: v1 });
    expect(view.stages.map((x) => x.steps.length)).toEqual((await getStrategyAdmin(ctx(admin), v1)).stages.map((x) => x.steps.length));
    callStep = view.stages.find((x) => x.kind === "first_reminder")!.steps.find((x) => x.channel === "call")!.id;
    expect(await audits("strategy.draft", draft)).toHaveLength(1);
    await expect(createStrategyDraft(ctx(agent), { fromStrategyId: v1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(previewStrategy(ctx(agent), { strategyId: v1, caseId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishStrategy(ctx(agent), { strategyId: draft })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("the preview shows what the case receives next and when, with the gate's decision, and records nothing", async () => {
    const before = await t.db.select().from(s.complianceDecisions);
    const preview = await previewStrategy(ctx(admin), { strategyId: v1, caseId });
    expect(preview.stage).toBe("first_reminder");
    // Entered Monday (local), day 2 at 10:00 New York = Wednesday 15:00 UTC.
    expect(callOf(preview.steps).dueAt.toISOString()).toBe("2026-03-04T15:00:00.000Z");
    expect(preview.steps.every((x) => ["allow", "defer", "block"].includes(x.decision))).toBe(true);
    expect(await t.db.select().from(s.complianceDecisions)).toHaveLength(before.length);
    expect(await t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.caseId, caseId))).toHaveLength(0);
    expect(await audits("strategy.preview", caseId)).toHaveLength(1);
  });

  it("an edited step shows its new timing in the draft's preview; the published version is untouched", async () => {
    const step = { dayOffset: 3, channel: "call" as const, templateCode: "us_call_script", purpose: "collection" as const, partyRole: "consumer" as const,
      preferredFrom: "11:30", preferredTo: "19:00", repeatEveryDays: 2, repeatTimes: 6, autodialed: true };
    await updateStrategyStep(ctx(admin), { stepId: callStep, step });
    expect(callOf((await previewStrategy(ctx(admin), { strategyId: draft, caseId })).steps).dueAt.toISOString()).toBe("2026-03-05T16:30:00.000Z");
    expect(callOf((await previewStrategy(ctx(admin), { strategyId: v1, caseId })).steps).dueAt.toISOString()).toBe("2026-03-04T15:00:00.000Z");
    const [audit] = await audits("strategy.step_update", draft);
    expect(audit!.details).toMatchObject({ stepId: callStep, before: { dayOffset: 2, preferredFrom: "10:00" }, after: { dayOffset: 3, preferredFrom: "11:30" } });
    await expect(updateStrategyStep(ctx(admin), { stepId: callStep, step: { ...step, repeatTimes: 3, repeatEveryDays: null } })).rejects.toMatchObject({ key: "strategy_repeat_every" });
  });

  it("a draft with a step that tells an emergency contact about the debt cannot be published; without it, it publishes", async () => {
    const stage = (await getStrategyAdmin(ctx(admin), draft)).stages.find((x) => x.kind === "first_reminder")!;
    const { stepId } = await addStrategyStep(ctx(admin), { stageId: stage.id, step: {
      dayOffset: 4, channel: "call", templateCode: "us_call_script", purpose: "location", partyRole: "emergency_contact", preferredFrom: "14:00", preferredTo: "18:00",
    } });
    const refused = await publishStrategy(ctx(admin), { strategyId: draft }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({ key: "strategy_lint", params: { template: "us_call_script", finding: "debt_to_third_party" } });
    expect((await getStrategyAdmin(ctx(admin), draft)).strategy.status).toBe("draft");
    await removeStrategyStep(ctx(admin), { stepId });
    await updateStrategyStage(ctx(admin), { stageId: stage.id, stage: { dpdMin: 1, dpdMax: 14, stopEvents: ["paid_in_full", "dispute_opened"], dpdAbove: null } });
    expect(await publishStrategy(ctx(admin), { strategyId: draft })).toEqual({ version: 2 });
    expect((await getStrategyAdmin(ctx(admin), draft)).strategy).toMatchObject({ status: "published", publishedAt: NOW });
    expect(await audits("strategy.publish", draft)).toHaveLength(1);
    const err = await updateStrategyStep(ctx(admin), { stepId: callStep, step: { dayOffset: 9, channel: "call", templateCode: "us_call_script", purpose: "collection", partyRole: "consumer" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ key: "strategy_published" });
  });

  it("new cases get the newest published version; open cases keep theirs until a scheduled migration moves them", async () => {
    const fresh = await makeCase(t.db, { clientId, teamId, now: NOW, accounts: [{ dueDate: "2026-02-26", delinquencyDate: "2026-02-27" }] });
    const planner = systemActor("planner-test");
    await planOutreach(ctx(planner), { caseId: fresh.id });
    await planOutreach(ctx(planner), { caseId });
    const strategyOf = async (id: string) => (await t.db.select({ v: s.cases.strategyId }).from(s.cases).where(eq(s.cases.id, id)))[0]!.v;
    expect(await strategyOf(fresh.id)).toBe(draft);
    expect(await strategyOf(caseId)).toBe(v1);
    const openBefore = await t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, caseId), eq(s.outreachSteps.state, "planned")));
    expect(openBefore.length).toBeGreaterThan(0);

    await expect(scheduleStrategyMigration(ctx(admin), { fromStrategyId: v1, toStrategyId: draft, effectiveAt: new Date(NOW.getTime() - DAY) })).rejects.toMatchObject({ key: "strategy_migration_past" });
    await scheduleStrategyMigration(ctx(admin), { fromStrategyId: v1, toStrategyId: draft, effectiveAt: new Date(NOW.getTime() + 6 * 3600_000) });
    await planOpenCases(ctx(planner, new Date(NOW.getTime() + 3600_000)));
    expect(await strategyOf(caseId)).toBe(v1);

    const later = new Date(NOW.getTime() + 7 * 3600_000);
    await planOpenCases(ctx(planner, later));
    expect(await strategyOf(caseId)).toBe(draft);
    const steps = await t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.caseId, caseId));
    expect(steps.filter((x) => x.strategyId === v1).every((x) => x.state === "cancelled" && x.reason === "strategy_changed")).toBe(true);
    const planned = steps.filter((x) => x.strategyId === draft && x.state === "planned" && x.channel === "call").sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    expect(planned[0]!.dueAt.toISOString()).toBe("2026-03-05T16:30:00.000Z");
    expect(await audits("case.strategy_migrated", caseId)).toHaveLength(1);
    const [m] = await t.db.select().from(s.strategyMigrations);
    expect(m).toMatchObject({ appliedAt: later, movedCases: 1 });
  });

  it("an old published version is retired: new cases never get it, the cases on it keep it, admin only, audited", async () => {
    const planner = systemActor("planner-test");
    const supervisor = asActor(await makeUser(t.db, { role: "supervisor", teamId }));
    // A case still on version 1 (its cadence planned), after version 2 was published.
    const onV1 = await makeCase(t.db, {
      clientId, teamId, now: NOW,
      case: { strategyId: v1, stage: "first_reminder", stageEnteredAt: new Date(NOW.getTime() - DAY) },
      accounts: [{ dueDate: "2026-02-26", delinquencyDate: "2026-02-27" }],
    });
    await planOutreach(ctx(planner), { caseId: onV1.id });
    const plannedOf = async (id: string) => (await t.db.select().from(s.outreachSteps).where(and(eq(s.outreachSteps.caseId, id), eq(s.outreachSteps.state, "planned")))).map((x) => x.id).sort();
    const plannedBefore = await plannedOf(onV1.id);
    expect(plannedBefore.length).toBeGreaterThan(0);
    const activeOf = async (id: string) => (await t.db.select({ a: s.strategies.active }).from(s.strategies).where(eq(s.strategies.id, id)))[0]!.a;

    for (const actor of [agent, supervisor]) await expect(retireStrategyVersion(ctx(actor), { strategyId: v1 })).rejects.toBeInstanceOf(ForbiddenError);
    // The newest published version is what new cases get: it cannot be retired.
    await expect(retireStrategyVersion(ctx(admin), { strategyId: draft })).rejects.toMatchObject({ key: "strategy_retire_newest" });
    expect(await activeOf(v1)).toBe(true);
    expect(await audits("strategy.retire", v1)).toHaveLength(0);

    expect(await retireStrategyVersion(ctx(admin), { strategyId: v1 })).toEqual({ version: 1, openCases: 1 });
    expect(await activeOf(v1)).toBe(false);
    const [audit] = await audits("strategy.retire", v1);
    expect(audit).toMatchObject({ actorUserId: (admin as { userId: string }).userId, details: { version: 1, newestVersion: 2, openCases: 1 } });
    await expect(retireStrategyVersion(ctx(admin), { strategyId: v1 })).rejects.toMatchObject({ key: "strategy_retired_already" });
    expect((await getStrategyAdmin(ctx(admin), v1)).strategy.active).toBe(false);
    // Nothing can move cases onto it again.
    await expect(scheduleStrategyMigration(ctx(admin), { fromStrategyId: draft, toStrategyId: v1 })).rejects.toMatchObject({ key: "strategy_migration_retired" });

    // The case on it keeps it and its cadence; a new case gets the newest active version.
    const later = new Date(NOW.getTime() + 3600_000);
    const fresh = await makeCase(t.db, { clientId, teamId, now: later, accounts: [{ dueDate: "2026-02-26", delinquencyDate: "2026-02-27" }] });
    await planOpenCases(ctx(planner, later));
    await planOutreach(ctx(planner, later), { caseId: fresh.id });
    const strategyOf = async (id: string) => (await t.db.select({ v: s.cases.strategyId }).from(s.cases).where(eq(s.cases.id, id)))[0]!.v;
    expect(await strategyOf(onV1.id)).toBe(v1);
    expect(await plannedOf(onV1.id)).toEqual(plannedBefore);
    expect(await strategyOf(fresh.id)).toBe(draft);
  });
});
