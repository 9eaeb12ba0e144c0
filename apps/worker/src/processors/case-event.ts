import { UnrecoverableError, type Job } from "bullmq";
import { onCaseEvent, planOutreach } from "@casebook/domain";
import { CaseEventPayload, PlanOutreachPayload } from "@casebook/jobs";
import type { Deps } from "../deps";

/** A case event enqueued by a producer outside a transaction (the API, an import): re-plan the case. */
export async function processCaseEvent(job: Job, deps: Deps) {
  const parsed = CaseEventPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const { caseId, event } = parsed.data;
  const now = deps.clock();
  if (event === "stage_review") return planOutreach({ db: deps.db, actor: deps.actor, now }, { caseId });
  return deps.db.transaction((tx) => onCaseEvent(tx, deps.actor, { caseId, event, now }));
}

export async function processPlanOutreach(job: Job, deps: Deps) {
  const parsed = PlanOutreachPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  return planOutreach({ db: deps.db, actor: deps.actor, now: deps.clock() }, { caseId: parsed.data.caseId });
}
