import { buildInfra, type BuiltInfra } from "@casebook/domain";
import { createProducer, producerJobQueue, type Producer } from "@casebook/jobs";
import { appNow } from "./clock";
import { readPortalEnv } from "./portal/env";

let infra: BuiltInfra | undefined;
let producer: Producer | undefined;

/**
 * The web app's infrastructure, built once per server process on first use and handed to every
 * domain verb through its context: the database pool (DATABASE_URL), the BullMQ producer
 * (REDIS_URL, CASEBOOK_QUEUE_PREFIX; every enqueue bounded in time), the app's clock, UUID ids, and
 * its public address (AUTH_URL) for the links a template preview prints.
 */
export function appInfra(): BuiltInfra {
  infra ??= buildInfra({ enqueue: producerJobQueue(appProducer()), clock: appNow, publicUrl: readPortalEnv().AUTH_URL });
  return infra;
}

/** The same BullMQ producer, for what the enqueue port does not cover: the Outreach page reads queue
 *  health from it and retries failed jobs through it (domain dashboards/outreach/queue-health.ts). */
export function appProducer(): Producer {
  producer ??= createProducer();
  return producer;
}
