import type { Job } from "bullmq";
import { UnrecoverableError } from "bullmq";
import { sendWebhook } from "@casebook/channels/webhooks-out";
import { prepareWebhookDelivery, recordWebhookAttempt, relayOutbox } from "@casebook/domain";
import { DeliverWebhookPayload, enqueueWebhookDeliveries, RelayOutboxPayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** Committed outbox events → deliveries (domain/events/relay-outbox.ts), each enqueued as its own job
 *  after the commit; a failed enqueue is picked up again by a later run (stuck deliveries). */
export async function processRelayOutbox(job: Job, deps: Deps) {
  const { limit } = RelayOutboxPayload.parse(job.data ?? {});
  const result = await relayOutbox(contextOf(deps), { limit });
  const enqueued = await enqueueWebhookDeliveries(deps.producer, result.deliveries);
  if (result.relayed || enqueued) deps.log.info({ jobId: job.id, relayed: result.relayed, enqueued }, "relay outbox");
  return { relayed: result.relayed, enqueued };
}

/** One signed POST to the client's endpoint. A failure throws, so BullMQ retries it with exponential
 *  backoff (WEBHOOK_JOB_OPTIONS); the last failure marks the delivery failed (redelivery is the admin's). */
export async function processDeliverWebhook(job: Job, deps: Deps) {
  const parsed = DeliverWebhookPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid deliver-webhook payload");
  const ctx = contextOf(deps);
  const prepared = await prepareWebhookDelivery(ctx, parsed.data);
  if (!prepared) return { skipped: true };
  // The wall clock: a signature's timestamp is judged by the receiver against its real time.
  const result = await sendWebhook(prepared, { now: new Date() });
  const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  await recordWebhookAttempt(ctx, { ...parsed.data, ok: result.ok, statusCode: result.statusCode, error: result.ok ? undefined : result.error, final: !result.ok && final });
  if (!result.ok) throw new Error(`webhook delivery failed: ${result.error}`);
  return { statusCode: result.statusCode };
}
