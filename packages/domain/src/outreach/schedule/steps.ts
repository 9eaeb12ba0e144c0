import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import { cancelSteps, OPEN_STEP_STATES, postponeSteps, type CancelReason } from "../steps/step-lifecycle";

export { OPEN_STEP_STATES };

/** Cancels the cases' not-yet-claimed steps matching `where`; returns how many. */
export async function cancelOpenSteps(tx: DbOrTx, input: { caseIds: string[]; reason: CancelReason; now: Date; where?: SQL }): Promise<number> {
  if (input.caseIds.length === 0) return 0;
  return (await cancelSteps(tx, and(inArray(s.outreachSteps.caseId, input.caseIds), input.where), { reason: input.reason, now: input.now })).length;
}

/** Moves open call steps due before `until` to `until` (a promise pauses calls). */
export async function postponeCalls(tx: DbOrTx, input: { caseId: string; until: Date; now: Date }): Promise<number> {
  const where = and(
    eq(s.outreachSteps.caseId, input.caseId),
    inArray(s.outreachSteps.channel, ["call", "voicemail"]),
    sql`${s.outreachSteps.dueAt} < ${input.until.toISOString()}::timestamptz`,
  );
  return (await postponeSteps(tx, where, { until: input.until, now: input.now })).length;
}
