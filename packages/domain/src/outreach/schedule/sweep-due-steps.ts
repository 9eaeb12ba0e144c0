import { z } from "zod";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { leaseDueSteps, renewStepLease, type StepChannel } from "../steps/step-lifecycle";

export const SweepDueSteps = z.object({
  /** At most this many steps per call. */
  limit: z.number().int().positive().max(5_000_000).default(100_000),
  batchSize: z.number().int().positive().max(50_000).default(5_000),
  /** A selected step is leased (its due_at moved this far ahead) so the next sweep skips it while its
   *  job waits; if the job is lost, the lease expires and the step is swept again (same job id). */
  leaseSeconds: z.number().int().positive().max(86_400).default(600),
  /** Concurrent batch loops (SKIP LOCKED keeps them apart): PostgreSQL works one UPDATE per core. */
  parallel: z.number().int().positive().max(8).default(2),
  /** Steps falling due within this many ms are selected too, their jobs delayed until they are due
   *  (issue 15): due -> queued no longer waits for the next sweep. The worker passes twice its sweep
   *  period, so a sweep that starts late still covers every step until the next one; 0: due only. */
  lookAheadMs: z.number().int().min(0).max(3_600_000).default(0),
});
export type SweepDueSteps = z.input<typeof SweepDueSteps>;

export interface DueStep {
  stepId: string;
  channel: StepChannel;
  /** The step's deferral count: with the step id, the deterministic job id. */
  version: number;
  /** Ms from the sweep's now until the step is due (> 0 only with a look-ahead): its job waits so long. */
  dueInMs: number;
}

export interface SweepDueStepsResult {
  selected: number;
  batches: number;
  /** Lease renewals made while this run was still draining. */
  renewed: number;
}

/**
 * The sweep (documenso's shape: the schedule lives in PostgreSQL, Redis holds only what is due).
 * Set-based and in batches: each batch is one `UPDATE ... WHERE id IN (SELECT ... SKIP
 * LOCKED)` on the partial due index (steps/step-lifecycle.ts `leaseDueSteps`), so several sweepers
 * never select the same step, and a batch's jobs are enqueued (ctx.enqueue, deterministic ids) after
 * its commit. The lease is renewed while the run drains, and lasts `leaseSeconds` after it. An enqueue
 * that fails fails the sweep; the steps stay leased and the next sweep after the lease takes them.
 *
 * With `lookAheadMs`, steps due before now + lookAheadMs are leased as well (for the look-ahead longer)
 * and handed over with their `dueInMs`: the queue port delays each batch until its last step is due, so
 * a step reaches a worker when it falls due, not at the first sweep after that (measured: the soak at a
 * sweep a second, bench/README.md; at production's minute it was up to a minute). What a step may be
 * and whether it may be sent is still decided by the gate when its job runs, never by the sweep.
 */
export async function sweepDueSteps(ctx: DomainContext, rawInput: SweepDueSteps = {}): Promise<SweepDueStepsResult> {
  const input = parseInput(SweepDueSteps, rawInput);
  // A step's job may wait up to the look-ahead before it runs: the lease covers that wait too.
  const leaseMs = input.leaseSeconds * 1000 + input.lookAheadMs;
  // The sweep's own clock: ctx.now plus the time the context's clock has moved since the sweep began,
  // so a batch selected ten minutes into a long drain is leased from then, not from the sweep's start.
  const startedAt = ctx.clock().getTime();
  const now = () => new Date(ctx.now.getTime() + (ctx.clock().getTime() - startedAt));
  let selected = 0;
  let batches = 0;
  let renewed = 0;
  // Every batch selected by this run, with the lease it holds, until the run ends: a slow drain renews
  // them (issue 9 §4) so no other sweep re-selects a step whose job is not enqueued yet.
  const held: Array<{ ids: string[]; lease: Date }> = [];
  let renewing: Promise<void> = Promise.resolve();
  const renew = () => {
    renewing = renewing.then(async () => {
      const at = now();
      for (const h of held) {
        if (h.lease.getTime() - at.getTime() > (leaseMs * 2) / 3) continue;
        const leaseUntil = new Date(at.getTime() + leaseMs);
        renewed += await renewStepLease(ctx.db, h.ids, { now: at, currentLease: h.lease, leaseUntil });
        h.lease = leaseUntil;
      }
    });
  };
  const heartbeat = setInterval(renew, Math.max(100, Math.floor(leaseMs / 3)));

  async function loop(limit: number): Promise<void> {
    let mine = 0;
    let pendingEnqueue: Promise<void> | undefined;
    while (mine < limit) {
      const size = Math.min(input.batchSize, limit - mine);
      const at = now();
      const lease = new Date(at.getTime() + leaseMs);
      const rows = await leaseDueSteps(ctx.db, { now: at, leaseUntil: lease, size, dueBy: new Date(at.getTime() + input.lookAheadMs) });
      if (rows.length === 0) break;
      held.push({ ids: rows.map((r) => r.id), lease });
      batches++;
      mine += rows.length;
      selected += rows.length;
      // Overlap the next batch's UPDATE with this batch's enqueue; at most one enqueue in flight per loop.
      await pendingEnqueue;
      // How long each job waits is measured from the moment it is handed over, not from the selection.
      const handOver = now().getTime();
      const batch: DueStep[] = rows.map((r) => ({ stepId: r.id, channel: r.channel, version: r.deferrals, dueInMs: Math.max(0, r.dueAt.getTime() - handOver) }));
      pendingEnqueue = ctx.enqueue.dispatchBatches(batch);
      // Awaited before the next batch and at the loop's end (its error fails the sweep there); this handler
      // only keeps a rejection that lands while the next UPDATE runs from counting as unhandled.
      pendingEnqueue.catch(() => undefined);
      if (rows.length < size) break;
    }
    await pendingEnqueue;
  }

  try {
    const loops = Math.min(input.parallel, Math.max(1, Math.ceil(input.limit / input.batchSize)));
    const share = Math.ceil(input.limit / loops);
    await Promise.all(Array.from({ length: loops }, (_, i) => loop(Math.min(share, input.limit - i * share))));
  } finally {
    clearInterval(heartbeat);
    await renewing;
  }
  if (selected > 0) {
    await writeAudit(ctx.db, ctx.actor, { action: "outreach.sweep", entityType: "outreach_steps", entityId: "due", details: { selected, batches, renewed } }, ctx.now);
  }
  return { selected, batches, renewed };
}
