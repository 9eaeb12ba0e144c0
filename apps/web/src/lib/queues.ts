import "server-only";
import { createProducer, type Producer } from "@casebook/jobs";

let producer: Producer | undefined;

/** The web app's one BullMQ producer (queue health and retries on the Outreach page), made on first
 *  use from REDIS_URL and CASEBOOK_QUEUE_PREFIX. Fails fast while Redis is down (producer connection).
 *  To move into the web's injected infrastructure (lib/infra.ts) once that lands. */
export function webProducer(): Producer {
  producer ??= createProducer();
  return producer;
}
