import { UnrecoverableError, type Job } from "bullmq";
import { dispatchStep } from "@casebook/domain";
import { DispatchStepPayload } from "@casebook/jobs";
import type { Deps } from "../deps";
import { COMPLIANCE_BLOCK } from "../map-error";

/** One due step: gate, claim, send, record (packages/domain dispatchStep). Ids only in logs. */
export async function processDispatchStep(job: Job, deps: Deps) {
  const parsed = DispatchStepPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const result = await dispatchStep({ db: deps.db, actor: deps.actor, now: deps.clock() }, { stepId: parsed.data.stepId }, deps.channels);
  deps.log.debug({ jobId: job.id, stepId: parsed.data.stepId, status: result.status }, "dispatch");
  // A compliance block is final: never retried, and its record is the stored decision.
  if (result.status === "blocked") throw new UnrecoverableError(`${COMPLIANCE_BLOCK}: ${result.rules.join(",")}`);
  return result;
}
