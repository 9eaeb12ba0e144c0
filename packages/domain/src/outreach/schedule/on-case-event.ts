import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { schema as s, type DbOrTx, type Tx } from "@casebook/db";
import type { CaseEvent } from "@casebook/db/schema";
import { writeAudit } from "../../audit";
import type { Actor } from "../../context";
import { NotFoundError } from "../../errors";
import { enterStageInTx } from "./enter-stage";
import { resolveZones } from "../gate/evaluate-check";
import { addDays, localInstant } from "./local-time";
import { lockCase } from "../../locks/lock-rows";
import { planOutreachInTx } from "./plan-outreach";
import { cancelOpenSteps, postponeCalls } from "./steps";

export type { CaseEvent };

export interface OnCaseEventInput {
  caseId: string;
  event: CaseEvent;
  now: Date;
}

export interface OnCaseEventResult {
  cancelled: number;
  postponed: number;
  planned: number;
}

/**
 * The outreach side of a case event, run inside the caller's transaction (the console's promise,
 * dispute, hold, plan and payment verbs call it), so the event and its effect on the schedule commit
 * together. It takes the person → case locks (locks/lock-rows.ts), the gate's order: a contact being gated right now finishes
 * before the event's effect, and every later gate sees the event.
 *
 * - promise_made: calls pause until the day after the promise date (messages continue);
 * - promise_broken, installment_missed: the pause ends and the case re-enters follow-up (escalation);
 * - paid_in_full, dispute_opened, hold_placed: every unclaimed step of the case stops at once
 *   (a hold on the person: of all their cases);
 * - plan_created: the cadence stops; the plan's installment reminders are planned;
 * - verification_sent, hold_released: the case is planned again.
 */
export async function onCaseEvent(tx: DbOrTx, actor: Actor, input: OnCaseEventInput): Promise<OnCaseEventResult> {
  const t = tx as Tx;
  const { caseId, event, now } = input;
  if (!(await lockCase(t, caseId))) throw new NotFoundError("case", caseId);
  const [c] = await t.select().from(s.cases).where(eq(s.cases.id, caseId));
  if (!c) throw new NotFoundError("case", caseId);
  const result: OnCaseEventResult = { cancelled: 0, postponed: 0, planned: 0 };

  switch (event) {
    case "promise_made": {
      const [promise] = await t
        .select({ dueDate: s.promises.dueDate })
        .from(s.promises)
        .where(and(eq(s.promises.caseId, caseId), eq(s.promises.status, "pending")))
        .orderBy(desc(s.promises.dueDate))
        .limit(1);
      if (promise) {
        const person = (await t.query.persons.findFirst({ where: eq(s.persons.id, c.personId) }))!;
        const zone = resolveZones({ id: person.id, country: person.country, ...(person.timeZones.length ? { timeZones: person.timeZones } : {}) })[0]!;
        const until = localInstant(addDays(promise.dueDate, 1), "00:00", zone);
        await t.update(s.cases).set({ pausedUntil: until }).where(eq(s.cases.id, caseId));
        result.postponed = await postponeCalls(t, { caseId, until, now });
      }
      break;
    }
    case "promise_broken":
    case "installment_missed": {
      await t.update(s.cases).set({ pausedUntil: null }).where(eq(s.cases.id, caseId));
      if (c.stage !== "legal") {
        result.cancelled += (await enterStageInTx(t, actor, now, { caseId, toStage: "follow_up", reason: event })).cancelled;
      }
      result.planned = (await planOutreachInTx(t, actor, now, caseId)).planned;
      break;
    }
    case "paid_in_full":
    case "dispute_opened": {
      result.cancelled = await cancelOpenSteps(t, { caseIds: [caseId], reason: event, now });
      break;
    }
    case "hold_placed": {
      const cases = await t.select({ id: s.cases.id }).from(s.cases).where(and(eq(s.cases.personId, c.personId), ne(s.cases.status, "closed")));
      const holds = await t
        .select({ caseId: s.holds.caseId })
        .from(s.holds)
        .where(and(eq(s.holds.personId, c.personId), isNull(s.holds.releasedAt)));
      // A hold without a case applies to the person, hence to all of their cases.
      const personWide = holds.some((h) => h.caseId === null);
      result.cancelled = await cancelOpenSteps(t, { caseIds: personWide ? cases.map((x) => x.id) : [caseId], reason: event, now });
      break;
    }
    case "plan_created": {
      result.cancelled = await cancelOpenSteps(t, { caseIds: [caseId], reason: event, now, where: eq(s.outreachSteps.kind, "cadence") });
      result.planned = (await planOutreachInTx(t, actor, now, caseId)).planned;
      break;
    }
    case "verification_sent":
    case "hold_released": {
      result.planned = (await planOutreachInTx(t, actor, now, caseId)).planned;
      break;
    }
  }
  await writeAudit(t, actor, { action: "outreach.event", entityType: "case", entityId: caseId, caseId, personId: c.personId, details: { event, ...result } }, now);
  return result;
}
