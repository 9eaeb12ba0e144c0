import type { JobsOptions } from "bullmq";
import { jobId } from "./job-id";
import { DeliverWebhookPayload, RunImportPayload } from "./payloads";
import { RETENTION, type Producer } from "./producer";
import { JOBS, QUEUES } from "./queues";

/** One import run per job (its id only); a crashed run is retried once, from the start (it merged nothing). */
export async function enqueueImportRun(producer: Producer, runId: string): Promise<void> {
  const data = RunImportPayload.parse({ runId });
  await producer.queue(QUEUES.imports).add(JOBS.runImport, data, { attempts: 2, backoff: { type: "fixed", delay: 5_000 }, ...RETENTION, jobId: jobId("import", data.runId, 0) });
}

/** The progress the run's job last reported (rows read, valid, quarantined, bytes of the file read of its
 *  size), or null when the job is not (or no longer) in Redis. The console's progress bar reads it. */
export async function readImportJobProgress(producer: Producer, runId: string): Promise<Record<string, number> | null> {
  const job = await producer.queue(QUEUES.imports).getJob(jobId("import", runId, 0));
  const p = job?.progress;
  return p && typeof p === "object" ? (p as Record<string, number>) : null;
}

/** A client's endpoint that fails is retried with exponential backoff: 5 s, 10 s, 20 s ... about 21 minutes over 9 attempts. */
export const WEBHOOK_JOB_OPTIONS: JobsOptions = {
  attempts: 9,
  backoff: { type: "exponential", delay: 5_000 },
  ...RETENTION,
};

/** Enqueues deliveries (ids only), each under its deterministic id: an enqueue repeated by the relay's
 *  sweep of stuck deliveries is a no-op while the job exists. */
export async function enqueueWebhookDeliveries(producer: Producer, refs: DeliverWebhookPayload[]): Promise<number> {
  if (refs.length === 0) return 0;
  const jobs = refs.map((r) => {
    const data = DeliverWebhookPayload.parse(r);
    return { name: JOBS.deliverWebhook, data, opts: { ...WEBHOOK_JOB_OPTIONS, jobId: jobId("webhook", data.deliveryId, data.generation) } };
  });
  await producer.queue(QUEUES.webhooks).addBulk(jobs);
  return jobs.length;
}
