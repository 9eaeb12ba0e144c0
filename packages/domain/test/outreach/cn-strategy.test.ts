import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { dispatchStep, planOutreach, sweepDueSteps } from "../../src";
import { makeCnDebtor, makeEmergencyContact } from "./factories";
import { startHarness, type OutreachHarness } from "./setup";
import { recordingJobQueue } from "../../src/testing";

let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const DAY = 86_400_000;
// The account falls due on 2026-03-10; the simulation runs each day at 19:00 in Shanghai.
const DUE = "2026-03-10";
const at19Shanghai = (dpd: number) => new Date(Date.parse(`${DUE}T19:00:00+08:00`) + dpd * DAY);

describe("the shipped China strategy and an unreachable debtor's emergency contact", () => {
  it("asks the contact no more often than CN-3P-ONCE allows: each ask 30 days apart, none planned only to be refused", { timeout: 300_000 }, async () => {
    const d = await makeCnDebtor(h.t.db, { now: at19Shanghai(-10), dueDate: DUE });
    const ec = await makeEmergencyContact(h.t.db, d.person.id, "CN");
    // The debtor never answers (no receipt: the ledger counts each call as unanswered), so from the
    // follow-up stage on the debtor is unreachable and only CN-3P-ONCE stands between the contact and
    // the dialler.
    for (let dpd = 6; dpd <= 85; dpd++) {
      const ctx = h.ctx(at19Shanghai(dpd));
      await planOutreach(ctx, { caseId: d.case.id });
      const queue = recordingJobQueue();
      await sweepDueSteps({ ...ctx, enqueue: queue }, { limit: 100 });
      for (const step of queue.steps) await dispatchStep(ctx, { stepId: step.stepId }, h.channels);
    }
    const asked = await h.t.db.select({ at: s.contactAttempts.startedAt }).from(s.contactAttempts).where(eq(s.contactAttempts.partyPersonId, ec.id)).orderBy(asc(s.contactAttempts.startedAt));
    const steps = await h.t.db
      .select({ state: s.outreachSteps.state, rules: sql<string>`${s.complianceDecisions.results}::text` })
      .from(s.outreachSteps)
      .leftJoin(s.complianceDecisions, eq(s.complianceDecisions.id, s.outreachSteps.lastDecisionId))
      .where(eq(s.outreachSteps.partyPersonId, ec.id));
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < asked.length; i++) expect(asked[i]!.at.getTime() - asked[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(30 * DAY);
    expect(steps.filter((x) => x.state === "blocked" && x.rules?.includes("CN-3P-ONCE"))).toEqual([]);
    expect(h.sim.requests().filter((r) => r.to === ec.contactPoints[0]!.value)).toHaveLength(asked.length);
  });
});
