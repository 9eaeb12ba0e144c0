import { UnrecoverableError, type Job } from "bullmq";
import { onCaseEvent, planOpenCases, planOutreach } from "@casebook/domain";
import { CaseEventPayload, enqueuePlanOpenCases, PlanOpenCasesPayload, PlanOutreachPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** A case event enqueued by a producer outside a transaction (the API, an import): re-plan the case. */
export async function processCaseEvent(job: Job, deps: Deps) {
  const parsed = CaseEventPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const { caseId, event } = parsed.data;
  const now = deps.clock();
  if (event === "stage_review") return planOutreach(contextOf(deps), { caseId });
  return deps.db.transaction((tx) => onCaseEvent(tx, deps.actor, { caseId, event, now }));
}

export async function processPlanOutreach(job: Job, deps: Deps) {
  const parsed = PlanOutreachPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  return planOutreach(contextOf(deps), { caseId: parsed.data.caseId });
}

/** A page of the planner's walk over open cases; the next page is its own job (restartable, bounded). */
export async function processPlanOpenCases(job: Job, deps: Deps) {
  const parsed = PlanOpenCasesPayload.safeParse(job.data ?? {});
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const run = parsed.data.run ?? `t${job.timestamp}`;
  // The next page is enqueued before this one is planned (its job id is deterministic: a retry finds it
  // while the queue keeps it), so the events workers plan pages side by side, not one after the other.
  const result = await planOpenCases(contextOf(deps), { ...(parsed.data.after ? { after: parsed.data.after } : {}), limit: parsed.data.pageSize },
    (after) => enqueuePlanOpenCases(deps.producer, { run, after, pageSize: parsed.data.pageSize }));
  if (result.planned > 0) deps.log.info({ jobId: job.id, cases: result.cases, planned: result.planned }, "plan open cases");
  return result;
}
