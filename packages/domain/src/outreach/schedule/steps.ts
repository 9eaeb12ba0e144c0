import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";

export const OPEN_STEP_STATES = ["planned", "deferred"] as const;

/** Cancels the case's not-yet-claimed steps matching `where`; returns how many. */
export async function cancelOpenSteps(tx: DbOrTx, input: { caseIds: string[]; reason: string; now: Date; where?: SQL }): Promise<number> {
  if (input.caseIds.length === 0) return 0;
  const rows = await tx
    .update(s.outreachSteps)
    .set({ state: "cancelled", lastError: input.reason, finishedAt: input.now, updatedAt: input.now })
    .where(and(inArray(s.outreachSteps.caseId, input.caseIds), inArray(s.outreachSteps.state, [...OPEN_STEP_STATES]), input.where))
    .returning({ id: s.outreachSteps.id });
  return rows.length;
}

/** Moves open call steps due before `until` to `until` (a promise pauses calls). A re-dated step
 *  gets a new version, so the sweep enqueues it as a new job. */
export async function postponeCalls(tx: DbOrTx, input: { caseId: string; until: Date; now: Date }): Promise<number> {
  const rows = await tx
    .update(s.outreachSteps)
    .set({ dueAt: input.until, state: "planned", deferrals: sql`${s.outreachSteps.deferrals} + 1`, updatedAt: input.now })
    .where(
      and(
        eq(s.outreachSteps.caseId, input.caseId),
        inArray(s.outreachSteps.state, [...OPEN_STEP_STATES]),
        inArray(s.outreachSteps.channel, ["call", "voicemail"]),
        sql`${s.outreachSteps.dueAt} < ${input.until.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: s.outreachSteps.id });
  return rows.length;
}

