import type { Job } from "bullmq";
import { reprioritiseCases } from "@casebook/domain";
import type { Deps } from "../deps";

/** Keeps every agent's queue order true to the clock: promises fall due, callbacks arrive and debtors'
 *  local calling hours open and close while nobody touches their cases. One set-based UPDATE. */
export async function processReprioritiseCases(job: Job, deps: Deps) {
  const started = Date.now();
  const result = await reprioritiseCases({ db: deps.db, now: deps.clock() });
  deps.log.info({ jobId: job.id, updated: result.updated, ms: Date.now() - started }, "reprioritise cases");
  return result;
}
