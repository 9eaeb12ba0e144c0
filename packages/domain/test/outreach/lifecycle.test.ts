import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { dispatchStep, planOutreach, REFERENCE_CODE_RE, sweepDueSteps } from "../../src";
import { makeUsDebtor } from "./factories";
import { startHarness, type OutreachHarness } from "./setup";
import { recordingJobQueue } from "../../src/testing";

let h: OutreachHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const DAY = 86_400_000;
// The account falls due on Tuesday 2026-03-10; the simulation runs each day at 19:00 in New York.
const DUE = "2026-03-10";
const at19NewYork = (dayOffset: number) => {
  const base = Date.parse(`${DUE}T19:00:00-04:00`); // EDT after 2026-03-08
  return new Date(base + dayOffset * DAY);
};

interface Sent {
  dpd: number;
  stage: string;
  channel: string;
  template: string;
  purpose: string;
}

describe("a seeded US case through its strategy with a controllable clock", () => {
  it("pre-due → first reminder → follow-up → legal escalation, sending what each stage says", { timeout: 180_000 }, async () => {
    const d = await makeUsDebtor(h.t.db, { now: at19NewYork(-10), dueDate: DUE });
    const sent: Sent[] = [];
    const stages: Record<number, string | null> = {};
    for (let dpd = -5; dpd <= 95; dpd++) {
      const ctx = h.ctx(at19NewYork(dpd));
      const plan = await planOutreach(ctx, { caseId: d.case.id });
      stages[dpd] = plan.stage;
      const queue = recordingJobQueue();
      await sweepDueSteps({ ...ctx, enqueue: queue }, { limit: 100 });
      for (const step of queue.steps) {
        const r = await dispatchStep(ctx, { stepId: step.stepId }, h.channels);
        if (r.status === "sent") {
          const [row] = await h.t.db
            .select({ channel: s.contactAttempts.channel, template: s.templates.code, purpose: s.contactAttempts.purpose })
            .from(s.contactAttempts)
            .innerJoin(s.templates, eq(s.contactAttempts.templateId, s.templates.id))
            .where(eq(s.contactAttempts.id, r.attemptId));
          sent.push({ dpd, stage: plan.stage ?? "none", channel: row!.channel, template: row!.template, purpose: row!.purpose });
        }
      }
    }
    const inStage = (stage: string) => sent.filter((x) => x.stage === stage);

    expect(stages[-5]).toBe("pre_due");
    expect(inStage("pre_due")).toEqual([{ dpd: -3, stage: "pre_due", channel: "sms", template: "us_predue_sms", purpose: "collection" }]);

    expect(stages[1]).toBe("first_reminder");
    const first = inStage("first_reminder");
    expect(first.filter((x) => x.dpd === 1).map((x) => x.template).sort()).toEqual(["us_first_email", "us_first_sms"]);
    const firstCalls = first.filter((x) => x.channel === "call");
    expect(firstCalls.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...firstCalls.map((x) => x.dpd))).toBe(3);

    expect(stages[15]).toBe("follow_up");
    const follow = inStage("follow_up");
    expect(follow.filter((x) => x.template === "us_followup_letter").length).toBeGreaterThanOrEqual(8);
    expect(follow.filter((x) => x.template === "us_final_notice_letter").map((x) => x.dpd)).toEqual([60]);
    expect(follow.filter((x) => x.channel === "call").length).toBeGreaterThanOrEqual(20);
    expect(follow.filter((x) => x.channel === "sms").length).toBeGreaterThanOrEqual(8);

    expect(stages[90]).toBe("legal");
    const legal = inStage("legal");
    expect(legal).toEqual([{ dpd: 90, stage: "legal", channel: "letter", template: "us_legal_notice_letter", purpose: "litigation" }]);
    expect(sent.filter((x) => x.dpd >= 90 && x.channel === "call")).toHaveLength(0);
    const [c] = await h.t.db.select().from(s.cases).where(eq(s.cases.id, d.case.id));
    expect(c!.queue).toBe("legal");
    const openCalls = await h.t.db
      .select({ id: s.outreachSteps.id })
      .from(s.outreachSteps)
      .where(and(eq(s.outreachSteps.caseId, d.case.id), eq(s.outreachSteps.channel, "call"), inArray(s.outreachSteps.state, ["planned", "deferred"])));
    expect(openCalls).toHaveLength(0);

    // Never more than 7 counted calls in any 7 days, every contact printed its reference code, and the
    // provider and the SMTP sink saw each dispatch id once.
    const attempts = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.caseId, d.case.id)).orderBy(asc(s.contactAttempts.startedAt));
    expect(attempts.length).toBe(sent.length);
    for (const a of attempts) {
      expect(a.referenceCode).toMatch(REFERENCE_CODE_RE);
      expect(a.renderedBody).toContain(a.referenceCode);
      const calls7 = attempts.filter((b) => b.channel === "call" && b.startedAt > new Date(a.startedAt.getTime() - 7 * DAY) && b.startedAt <= a.startedAt);
      expect(calls7.length).toBeLessThanOrEqual(7);
    }
    const keys = h.sim.requests().map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    const emails = h.sink.messages().filter((m) => attempts.some((a) => a.dispatchId === m.dispatchId));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(attempts.find((a) => a.channel === "email")!.referenceCode);
  });
});
