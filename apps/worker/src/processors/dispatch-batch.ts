import { UnrecoverableError, type Job } from "bullmq";
import { dispatchStep, RetryableDispatchError } from "@casebook/domain";
import { DispatchBatchPayload, enqueueDispatchStep, type DispatchChannel } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

const CHANNEL_BY_QUEUE: Record<string, DispatchChannel> = { "dispatch-sms": "sms", "dispatch-email": "email", "dispatch-voice": "call", "dispatch-letter": "letter" };

export interface DispatchBatchResult {
  counts: Record<string, number>;
  /** Each step's own outcome, by step id (ids and status words only). */
  steps: Record<string, string>;
}

/**
 * A batch of due steps from the sweep: many small fates (issue 9 §3). Each step is gated, claimed,
 * sent and recorded on its own (dispatchStep); a poisoned step (missing person, template error,
 * provider 4xx) fails alone with its reason inside dispatchStep. A step that cannot finish here (a
 * provider outage, or any unexpected error) continues as its own dispatch-step job, with its own
 * retries and its own give-up; the batch itself never fails because of one step, so no failure
 * handler can ever mark its other steps.
 */
export async function processDispatchBatch(job: Job, deps: Deps): Promise<DispatchBatchResult> {
  const parsed = DispatchBatchPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const counts: Record<string, number> = {};
  const steps: Record<string, string> = {};
  const note = (stepId: string, status: string) => {
    steps[stepId] = status;
    counts[status] = (counts[status] ?? 0) + 1;
  };
  for (const step of parsed.data.steps) {
    try {
      const result = await dispatchStep(contextOf(deps), { stepId: step.stepId }, deps.channels);
      note(step.stepId, result.status);
    } catch (err) {
      const retryable = err instanceof RetryableDispatchError;
      if (!retryable) deps.log.warn({ jobId: job.id, stepId: step.stepId, error: (err as Error).name }, "dispatch step handed to its own job");
      note(step.stepId, retryable ? "retrying" : "handed_off");
      await enqueueDispatchStep(deps.producer, { channel: CHANNEL_BY_QUEUE[job.queueName] ?? "sms", stepId: step.stepId, version: step.version });
    }
  }
  deps.log.debug({ jobId: job.id, ...counts }, "dispatch batch");
  return { counts, steps };
}
