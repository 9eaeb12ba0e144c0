import type { Job } from "bullmq";
import type { Deps } from "../deps";

/**
 * The maintenance slot (a job scheduler on the `maintenance` queue). Reserved for the console's case
 * re-prioritisation (domain reprioritiseCases), to be wired by its owner; until then it only logs.
 */
export async function processMaintenance(job: Job, deps: Deps) {
  deps.log.debug({ jobId: job.id, name: job.name }, "maintenance slot (not wired)");
  return { wired: false };
}
