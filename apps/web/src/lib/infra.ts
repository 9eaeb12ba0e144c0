import { buildInfra, type BuiltInfra } from "@casebook/domain";
import { createProducer, producerJobQueue } from "@casebook/jobs";
import { appNow } from "./clock";

let infra: BuiltInfra | undefined;

/**
 * The web app's infrastructure, built once per server process on first use and handed to every
 * domain verb through its context: the database pool (DATABASE_URL), the BullMQ producer
 * (REDIS_URL, CASEBOOK_QUEUE_PREFIX; every enqueue bounded in time), the app's clock, UUID ids.
 */
export function appInfra(): BuiltInfra {
  infra ??= buildInfra({ enqueue: producerJobQueue(createProducer()), clock: appNow });
  return infra;
}
