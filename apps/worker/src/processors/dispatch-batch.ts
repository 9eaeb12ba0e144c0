import { UnrecoverableError, type Job } from "bullmq";
import { dispatchSteps, giveUpStep } from "@casebook/domain";
import { DISPATCH_MAX_RETRIES, DispatchBatchPayload, enqueueDispatchBatchRetry, enqueueDispatchStep, type DispatchChannel } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";
import { retryDelayMs } from "./dispatch-step";

const CHANNEL_BY_QUEUE: Record<string, DispatchChannel> = { "dispatch-sms": "sms", "dispatch-email": "email", "dispatch-voice": "call", "dispatch-letter": "letter" };

export interface DispatchBatchResult {
  counts: Record<string, number>;
  /** Each step's own outcome, by step id (ids and status words only). */
  steps: Record<string, string>;
  /** The rules behind the batch's refusals, counted by status (deferred, blocked) and rule id: what the
   *  single-step path reports as its `rules`, summed so the job's result stays small. */
  rules: Record<string, Record<string, number>>;
  /** The job that retries this batch's steps that met a provider outage, if any. */
  retryJobId?: string;
}

/**
 * How many times a batch's steps that met a provider outage are retried: as many waits of the
 * DISPATCH_RETRY_* schedule (retryDelayMs) as it takes to outlast DISPATCH_RETRY_GIVE_UP_AFTER_MS,
 * the single path's budget (an hour at least in production), bounded by the payload's DISPATCH_MAX_RETRIES.
 */
export function batchRetries(deps: Pick<Deps, "config">): number {
  let total = 0;
  let retries = 0;
  while (total < deps.config.worker.DISPATCH_RETRY_GIVE_UP_AFTER_MS && retries < DISPATCH_MAX_RETRIES) total += retryDelayMs(deps, retries++);
  return Math.max(1, retries);
}

/**
 * A batch of due steps from the sweep, gated as a set (issue 15: dispatchSteps reads, decides and
 * writes the whole batch in a fixed handful of statements, then sends concurrently) but still many small
 * fates (issue 9 §3): a poisoned step (missing person, template error, provider 4xx) fails alone with
 * its reason inside dispatchSteps. The batch itself never fails because of one step, so no failure
 * handler can ever mark its other steps.
 *
 * Steps whose sends met a provider outage (`retrying`: nothing reached the provider, the claim stands)
 * go back together as ONE delayed batch job (`retry` n+1, waiting retryDelayMs(n) or the provider's
 * Retry-After): the retry resends their claims as a set, so the backlog an outage builds drains at the
 * batch's rate (before, one `dispatch-step` job each: bench/README.md, faults). After the last retry
 * (batchRetries) each is given up as the single path gives a step up (giveUpStep, an error line with
 * ids only, counted as `given_up`). A step that could not be settled for another reason (an unexpected
 * error) still continues as its own dispatch-step job, with its own retries and give-up.
 */
export async function processDispatchBatch(job: Job, deps: Deps): Promise<DispatchBatchResult> {
  const parsed = DispatchBatchPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const channel = CHANNEL_BY_QUEUE[job.queueName] ?? "sms";
  const counts: Record<string, number> = {};
  const steps: Record<string, string> = {};
  const rules: Record<string, Record<string, number>> = {};
  const retrying: Array<{ stepId: string; version: number; code: string; retryAfterMs: number }> = [];
  const results = await dispatchSteps(contextOf(deps), { stepIds: parsed.data.steps.map((st) => st.stepId) }, deps.channels);
  for (const step of parsed.data.steps) {
    const result = results.get(step.stepId) ?? { status: "handed_off", error: "missing" };
    if (result.status === "handed_off") {
      deps.log.warn({ jobId: job.id, stepId: step.stepId, error: result.error }, "dispatch step handed to its own job");
      await enqueueDispatchStep(deps.producer, { channel, stepId: step.stepId, version: step.version });
    }
    if (result.status === "retrying") retrying.push({ stepId: step.stepId, version: step.version, code: result.code, retryAfterMs: result.retryAfterMs ?? 0 });
    if (result.status === "deferred" || result.status === "blocked") {
      const byRule = (rules[result.status] ??= {});
      for (const rule of result.rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
    }
    steps[step.stepId] = result.status;
  }

  let retryJobId: string | undefined;
  const done = parsed.data.retry ?? 0;
  if (retrying.length > 0 && done >= batchRetries(deps)) {
    for (const step of retrying) {
      const outcome = await giveUpStep(contextOf(deps), { stepId: step.stepId });
      deps.log.error({ jobId: job.id, stepId: step.stepId, retries: done, state: outcome.state, error: step.code }, "outreach step given up after retries");
      steps[step.stepId] = "given_up";
    }
  } else if (retrying.length > 0) {
    const delayMs = Math.max(retryDelayMs(deps, done), ...retrying.map((st) => st.retryAfterMs));
    retryJobId = await enqueueDispatchBatchRetry(deps.producer, { channel, steps: retrying.map(({ stepId, version }) => ({ stepId, version })), retry: done + 1, delayMs });
    deps.log.warn({ jobId: job.id, retryJobId, steps: retrying.length, retry: done + 1, waitMs: delayMs, error: retrying[0]!.code }, "dispatch batch retry scheduled");
  }
  for (const status of Object.values(steps)) counts[status] = (counts[status] ?? 0) + 1;
  deps.log.debug({ jobId: job.id, ...counts }, "dispatch batch");
  return { counts, steps, rules, ...(retryJobId ? { retryJobId } : {}) };
}
