import { sql } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { SKIP_LOCKED_STEPS } from "../../locks/lock-rows";

export const SweepDueSteps = z.object({
  /** At most this many steps per call. */
  limit: z.number().int().positive().max(5_000_000).default(100_000),
  batchSize: z.number().int().positive().max(50_000).default(5_000),
  /** A selected step is leased (its due_at moved this far ahead) so the next sweep skips it while its
   *  job waits; if the job is lost, the lease expires and the step is swept again (same job id). */
  leaseSeconds: z.number().int().positive().max(86_400).default(600),
  /** Concurrent batch loops (SKIP LOCKED keeps them apart): PostgreSQL works one UPDATE per core. */
  parallel: z.number().int().positive().max(8).default(2),
});
export type SweepDueSteps = z.input<typeof SweepDueSteps>;

export interface DueStep {
  stepId: string;
  channel: "call" | "voicemail" | "sms" | "email" | "letter";
  /** The step's deferral count: with the step id, the deterministic job id. */
  version: number;
}

export interface SweepDueStepsResult {
  selected: number;
  batches: number;
  /** Collected only when no `enqueue` callback is given. */
  steps: DueStep[];
}

/**
 * The sweep (documenso's shape: the schedule lives in PostgreSQL, Redis holds only what is due).
 * Set-based and in batches: each batch is one `UPDATE ... WHERE id IN (SELECT ... SKIP
 * LOCKED)` on the partial due index, so several sweepers never select the same step, and a batch's
 * jobs are enqueued (with deterministic ids) after its commit.
 */
export async function sweepDueSteps(
  ctx: DomainContext,
  rawInput: SweepDueSteps = {},
  enqueue?: (steps: DueStep[]) => Promise<void>,
): Promise<SweepDueStepsResult> {
  const input = parseInput(SweepDueSteps, rawInput);
  const leaseUntil = new Date(ctx.now.getTime() + input.leaseSeconds * 1000);
  const collected: DueStep[] = [];
  let selected = 0;
  let batches = 0;

  async function loop(limit: number): Promise<void> {
    let mine = 0;
    let pendingEnqueue: Promise<void> | undefined;
    while (mine < limit) {
      const size = Math.min(input.batchSize, limit - mine);
      const rows = await ctx.db.execute<{ id: string; channel: DueStep["channel"]; deferrals: number }>(sql`
        update outreach_steps s
           set due_at = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${ctx.now.toISOString()}::timestamptz
         where s.id in (
               select id from outreach_steps
                where state in ('planned', 'deferred') and due_at <= ${ctx.now.toISOString()}::timestamptz
                order by due_at
                limit ${size}
                  ${SKIP_LOCKED_STEPS})
        returning s.id, s.channel, s.deferrals`);
      if (rows.length === 0) break;
      batches++;
      mine += rows.length;
      selected += rows.length;
      const batch = rows.map((r) => ({ stepId: r.id, channel: r.channel, version: Number(r.deferrals) }));
      if (enqueue) {
        // Overlap the next batch's UPDATE with this batch's enqueue; at most one enqueue in flight per loop.
        await pendingEnqueue;
        pendingEnqueue = enqueue(batch);
      } else {
        collected.push(...batch);
      }
      if (rows.length < size) break;
    }
    await pendingEnqueue;
  }

  const loops = Math.min(input.parallel, Math.max(1, Math.ceil(input.limit / input.batchSize)));
  const share = Math.ceil(input.limit / loops);
  await Promise.all(Array.from({ length: loops }, (_, i) => loop(Math.min(share, input.limit - i * share))));
  if (selected > 0) {
    await writeAudit(ctx.db, ctx.actor, { action: "outreach.sweep", entityType: "outreach_steps", entityId: "due", details: { selected, batches } }, ctx.now);
  }
  return { selected, batches, steps: collected };
}
