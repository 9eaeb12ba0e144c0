import { UnrecoverableError, type Job } from "bullmq";
import { dispatchSteps } from "@casebook/domain";
import { DispatchBatchPayload, enqueueDispatchStep, type DispatchChannel } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

const CHANNEL_BY_QUEUE: Record<string, DispatchChannel> = { "dispatch-sms": "sms", "dispatch-email": "email", "dispatch-voice": "call", "dispatch-letter": "letter" };

export interface DispatchBatchResult {
  counts: Record<string, number>;
  /** Each step's own outcome, by step id (ids and status words only). */
  steps: Record<string, string>;
  /** The rules behind the batch's refusals, counted by status (deferred, blocked) and rule id: what the
   *  single-step path reports as its `rules`, summed so the job's result stays small. */
  rules: Record<string, Record<string, number>>;
}

/**
 * A batch of due steps from the sweep, gated as a set (issue 15: dispatchSteps reads, decides and
 * writes the whole batch in a fixed handful of statements, then sends concurrently) but still many small
 * fates (issue 9 §3): a poisoned step (missing person, template error, provider 4xx) fails alone with
 * its reason inside dispatchSteps. A step that cannot finish here (a provider outage, or any unexpected
 * error) continues as its own dispatch-step job, with its own retries and its own give-up; the batch
 * itself never fails because of one step, so no failure handler can ever mark its other steps.
 */
export async function processDispatchBatch(job: Job, deps: Deps): Promise<DispatchBatchResult> {
  const parsed = DispatchBatchPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const counts: Record<string, number> = {};
  const steps: Record<string, string> = {};
  const rules: Record<string, Record<string, number>> = {};
  const results = await dispatchSteps(contextOf(deps), { stepIds: parsed.data.steps.map((st) => st.stepId) }, deps.channels);
  for (const step of parsed.data.steps) {
    const result = results.get(step.stepId) ?? { status: "handed_off", error: "missing" };
    const status = result.status;
    if (result.status === "handed_off") deps.log.warn({ jobId: job.id, stepId: step.stepId, error: result.error }, "dispatch step handed to its own job");
    if (result.status === "handed_off" || result.status === "retrying") {
      await enqueueDispatchStep(deps.producer, { channel: CHANNEL_BY_QUEUE[job.queueName] ?? "sms", stepId: step.stepId, version: step.version });
    }
    if (result.status === "deferred" || result.status === "blocked") {
      const byRule = (rules[result.status] ??= {});
      for (const rule of result.rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
    }
    steps[step.stepId] = status;
    counts[status] = (counts[status] ?? 0) + 1;
  }
  deps.log.debug({ jobId: job.id, ...counts }, "dispatch batch");
  return { counts, steps, rules };
}
