import { UnrecoverableError, type Job } from "bullmq";
import { dispatchStep, RetryableDispatchError } from "@casebook/domain";
import { DispatchBatchPayload, enqueueDispatchStep, type DispatchChannel } from "@casebook/jobs";
import type { Deps } from "../deps";

const CHANNEL_BY_QUEUE: Record<string, DispatchChannel> = { "dispatch-sms": "sms", "dispatch-email": "email", "dispatch-voice": "call", "dispatch-letter": "letter" };

/**
 * A batch of due steps from the sweep. Each step is gated, claimed and sent on its own (dispatchStep);
 * a step whose send failed transiently continues as its own dispatch-step job with backoff, so the
 * batch never resends the others. An unexpected error (the database is gone) fails the batch, and its
 * retry skips every step already claimed.
 */
export async function processDispatchBatch(job: Job, deps: Deps) {
  const parsed = DispatchBatchPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const counts: Record<string, number> = {};
  for (const step of parsed.data.steps) {
    try {
      const result = await dispatchStep({ db: deps.db, actor: deps.actor, now: deps.clock() }, { stepId: step.stepId }, deps.channels);
      counts[result.status] = (counts[result.status] ?? 0) + 1;
    } catch (err) {
      if (!(err instanceof RetryableDispatchError)) throw err;
      counts.retrying = (counts.retrying ?? 0) + 1;
      await enqueueDispatchStep(deps.producer, { channel: CHANNEL_BY_QUEUE[job.queueName] ?? "sms", stepId: step.stepId, version: step.version });
    }
  }
  deps.log.debug({ jobId: job.id, ...counts }, "dispatch batch");
  return counts;
}
