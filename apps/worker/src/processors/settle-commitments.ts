import type { Job } from "bullmq";
import { settleDueInstallments, settleDuePromises } from "@casebook/domain";
import { contextOf, type Deps } from "../deps";

/** Promises and plan installments keep themselves: once a date and the client's grace have passed,
 *  each is judged against the posted payments and a broken one moves the strategy (a case event in the
 *  same transaction). Counts only in the log: never who. */
export async function processSettleCommitments(job: Job, deps: Deps) {
  const started = Date.now();
  const promises = await settleDuePromises(contextOf(deps));
  const installments = await settleDueInstallments(contextOf(deps));
  if (promises.kept + promises.broken + installments.missed > 0) {
    deps.log.info({ jobId: job.id, kept: promises.kept, broken: promises.broken, missed: installments.missed, ms: Date.now() - started }, "settle commitments");
  }
  return { promises, installments };
}
