import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { dispatchStep, giveUpStep, RetryableDispatchError } from "@casebook/domain";
import { DispatchStepPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";
import { COMPLIANCE_BLOCK } from "../map-error";

/** What a retried dispatch job remembers about its retries (ids and numbers only). */
interface RetryState {
  retries: number;
  firstFailedAt: number;
}

/** The wait before retry `n` (0-based): exponential, capped. */
export function retryDelayMs(deps: Pick<Deps, "config">, n: number): number {
  const w = deps.config.worker;
  return Math.min(w.DISPATCH_RETRY_BASE_MS * 2 ** n, w.DISPATCH_RETRY_MAX_DELAY_MS);
}

/**
 * One due step: gate, claim, send, record (packages/domain dispatchStep). Ids only in logs.
 *
 * A provider that is down (RetryableDispatchError: nothing reached it) is waited out on the worker's
 * own schedule (env.ts DISPATCH_RETRY_*), not BullMQ's attempt count: the job moves itself to delayed
 * with a growing, capped wait, and gives the step up only after DISPATCH_RETRY_GIVE_UP_AFTER_MS. A
 * given-up step ends visibly (reason `retries_exhausted`, an error log line, countGivenUpSteps).
 */
export async function processDispatchStep(job: Job, deps: Deps, token?: string) {
  const parsed = DispatchStepPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const stepId = parsed.data.stepId;
  const ctx = () => contextOf(deps);
  try {
    const result = await dispatchStep(ctx(), { stepId }, deps.channels);
    deps.log.debug({ jobId: job.id, stepId, status: result.status }, "dispatch");
    // A compliance block is final: never retried, and its record is the stored decision.
    if (result.status === "blocked") throw new UnrecoverableError(`${COMPLIANCE_BLOCK}: ${result.rules.join(",")}`);
    return result;
  } catch (err) {
    if (!(err instanceof RetryableDispatchError)) throw err;
    const state = (job.data as { retry?: RetryState }).retry ?? { retries: 0, firstFailedAt: Date.now() };
    if (Date.now() - state.firstFailedAt >= deps.config.worker.DISPATCH_RETRY_GIVE_UP_AFTER_MS) {
      const outcome = await giveUpStep(ctx(), { stepId });
      deps.log.error({ jobId: job.id, stepId, retries: state.retries, state: outcome.state, error: err.code }, "outreach step given up after retries");
      return { status: "given_up", state: outcome.state };
    }
    const wait = Math.max(retryDelayMs(deps, state.retries), err.retryAfterMs ?? 0);
    await job.updateData({ ...(job.data as object), retry: { retries: state.retries + 1, firstFailedAt: state.firstFailedAt } });
    await job.moveToDelayed(Date.now() + wait, token);
    deps.log.warn({ jobId: job.id, stepId, retries: state.retries + 1, waitMs: wait, error: err.code }, "dispatch retry scheduled");
    throw new DelayedError();
  }
}
