import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { onCaseEvent, planCasesSet, planOutreach, PLAN_HORIZON_MS, systemActor } from "../../src";
import { localDate } from "../../src/outreach/schedule/local-time";
import { stageReference } from "../../src/outreach/schedule/cadence";
import { cadenceStepRows, planningZone } from "../../src/outreach/schedule/plan-outreach";
import { makeCnDebtor, makeEmergencyContact, makeUsDebtor } from "./factories";
import { startHarness, type OutreachHarness } from "./setup";

// The planner's horizon (issue 15): a plan writes the steps due in the next two days, and the planner's
// walk tops the case up as time passes, instead of writing a stage's whole cadence at its entry. What is
// sent, and when, must not change: walked every six hours, a case ends up with exactly the steps the
// stage's cadence names, at the same instants, as planning it all upfront gave.
let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const HOUR = 3_600_000;
const NOW = new Date("2026-03-03T17:00:00Z");
const FAR = new Date("2100-01-01T00:00:00Z");

const stepsOf = (caseId: string) =>
  h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.caseId, caseId)).orderBy(asc(s.outreachSteps.dueAt), asc(s.outreachSteps.occurrence));
const key = (r: { strategyStepId: string | null; occurrence: number; partyPersonId: string; dueAt: Date; channel: string; templateCode: string }) =>
  `${r.strategyStepId}:${r.occurrence}:${r.partyPersonId}:${r.dueAt.toISOString()}:${r.channel}:${r.templateCode}`;

/** The case's current stage entry planned without a horizon (what the planner wrote before issue 15). */
async function wholeCadence(caseId: string, now: Date) {
  const [c] = await h.t.db.select().from(s.cases).where(eq(s.cases.id, caseId));
  const [person] = await h.t.db.select().from(s.persons).where(eq(s.persons.id, c!.personId));
  const [stage] = await h.t.db.select().from(s.strategyStages).where(and(eq(s.strategyStages.strategyId, c!.strategyId!), eq(s.strategyStages.kind, c!.stage!)));
  const steps = await h.t.db.select().from(s.strategySteps).where(eq(s.strategySteps.stageId, stage!.id)).orderBy(asc(s.strategySteps.ordinal));
  const accounts = await h.t.db.select().from(s.accounts).where(eq(s.accounts.caseId, caseId));
  const parties = await h.t.db.select().from(s.relatedParties).where(eq(s.relatedParties.debtorPersonId, c!.personId));
  const zone = planningZone(person!);
  const reference = stageReference(stage!.kind, accounts.map((a) => a.dueDate).sort()[0]!, localDate(c!.stageEnteredAt!, zone));
  return cadenceStepRows({ c: c!, strategyId: c!.strategyId!, steps, reference, zone, now, until: FAR, accountIds: accounts.map((a) => a.id), emergencyContacts: parties });
}

describe("the planner's horizon", () => {
  it("a plan writes only the steps due within the horizon, not the stage's whole cadence", async () => {
    // 20 days past due: the case enters follow-up, whose cadence runs for months.
    const d = await makeUsDebtor(h.t.db, { now: NOW, dueDate: "2026-02-11" });
    const plan = await planOutreach(h.ctx(NOW), { caseId: d.case.id });
    expect(plan.stage).toBe("follow_up");
    const rows = await stepsOf(d.case.id);
    const whole = await wholeCadence(d.case.id, NOW);
    expect(whole.length).toBeGreaterThan(30);
    // Two days, written out: the horizon the planner's walk (every six hours) is sized for.
    const within = whole.filter((r) => r.dueAt.getTime() < NOW.getTime() + 48 * HOUR);
    expect(within.length).toBeGreaterThan(0);
    expect(plan.planned).toBe(within.length);
    expect(rows.map(key).sort()).toEqual(within.map((r) => key({ ...r, strategyStepId: r.strategyStepId ?? null, occurrence: r.occurrence ?? 1, templateCode: r.templateCode })).sort());
    expect(rows.length).toBeLessThan(whole.length);
    expect(Math.max(...rows.map((r) => r.dueAt.getTime()))).toBeLessThan(NOW.getTime() + 48 * HOUR);
  });

  it("walked every six hours, a case gets exactly the steps planning the whole stage upfront gave, at the same instants", { timeout: 240_000 }, async () => {
    // 41 days past due: both stay in follow-up (to day 89) for the three weeks walked.
    const us = await makeUsDebtor(h.t.db, { now: NOW, dueDate: "2026-01-21" });
    const cn = await makeCnDebtor(h.t.db, { now: NOW, dueDate: "2026-01-21" });
    await makeEmergencyContact(h.t.db, cn.person.id, "CN");
    const ids = [us.case.id, cn.case.id];
    const days = 21;
    let planned = 0;
    for (let at = NOW.getTime(); at <= NOW.getTime() + days * 24 * HOUR; at += 6 * HOUR) {
      planned += (await planCasesSet(h.ctx(new Date(at)), ids)).planned;
    }
    const end = NOW.getTime() + days * 24 * HOUR + PLAN_HORIZON_MS;
    for (const id of ids) {
      const rows = await stepsOf(id);
      const whole = (await wholeCadence(id, NOW)).filter((r) => r.dueAt.getTime() < end);
      expect(rows.map(key).sort()).toEqual(whole.map((r) => key({ ...r, strategyStepId: r.strategyStepId ?? null, occurrence: r.occurrence ?? 1, templateCode: r.templateCode })).sort());
    }
    expect(planned).toBe((await stepsOf(us.case.id)).length + (await stepsOf(cn.case.id)).length);
    // The CN stage calls daily and the emergency contact on day 3: both in the walked rows.
    expect((await stepsOf(cn.case.id)).some((r) => r.partyRole === "emergency_contact")).toBe(true);
    // A walk at the same instant again plans nothing (idempotent).
    expect((await planCasesSet(h.ctx(new Date(NOW.getTime() + days * 24 * HOUR)), ids)).planned).toBe(0);
  });

  it("a released hold resumes the cadence: the walk plans the steps after the hold (all of them were cancelled before, planned upfront)", async () => {
    const d = await makeUsDebtor(h.t.db, { now: NOW, dueDate: "2026-02-11" });
    await planOutreach(h.ctx(NOW), { caseId: d.case.id });
    const holdAt = new Date(NOW.getTime() + HOUR);
    const [hold] = await h.t.db.insert(s.holds).values({ personId: d.person.id, caseId: d.case.id, kind: "bankruptcy", placedAt: holdAt }).returning();
    await h.t.db.transaction((tx) => onCaseEvent(tx, systemActor("test"), { caseId: d.case.id, event: "hold_placed", now: holdAt }));
    expect((await stepsOf(d.case.id)).filter((r) => r.state === "planned")).toHaveLength(0);

    const releasedAt = new Date(NOW.getTime() + 10 * 24 * HOUR);
    await h.t.db.update(s.holds).set({ releasedAt }).where(eq(s.holds.id, hold!.id));
    const effect = await h.t.db.transaction((tx) => onCaseEvent(tx, systemActor("test"), { caseId: d.case.id, event: "hold_released", now: releasedAt }));
    expect(effect.planned).toBeGreaterThan(0);
    const open = (await stepsOf(d.case.id)).filter((r) => r.state === "planned");
    expect(open.length).toBe(effect.planned);
    for (const r of open) {
      expect(r.dueAt.getTime()).toBeGreaterThanOrEqual(releasedAt.getTime() - 36 * HOUR);
      expect(r.dueAt.getTime()).toBeLessThan(releasedAt.getTime() + PLAN_HORIZON_MS);
    }
  });
});
