import { sql } from "drizzle-orm";
import type { DomainContext } from "../context";
import { SKIP_LOCKED_OUTBOX } from "../locks/lock-rows";

export interface DeliveryRef { deliveryId: string; generation: number }

/**
 * Turns committed outbox events into deliveries, one per active endpoint of the event's client that
 * wants its type, and marks them relayed, in one transaction (a crash relays them again, the unique
 * (event, endpoint) index keeps one delivery each). Also returns deliveries left pending without a
 * job (an enqueue that failed after the commit, a worker lost with its Redis): the caller enqueues
 * them all under deterministic job ids, so one already queued is not queued twice.
 */
export async function relayOutbox(ctx: DomainContext, input: { limit?: number } = {}): Promise<{ relayed: number; deliveries: DeliveryRef[] }> {
  const limit = input.limit ?? 500;
  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const events = (await tx.execute(sql`
      with batch as (select seq from outbox_events where relayed_at is null order by seq limit ${limit} ${SKIP_LOCKED_OUTBOX})
      update outbox_events o set relayed_at = ${now}::timestamptz from batch where o.seq = batch.seq
      returning o.event_id`)) as unknown as Array<{ event_id: string }>;
    const created = events.length === 0 ? [] : (await tx.execute(sql`
      insert into webhook_deliveries (event_id, endpoint_id, client_id)
      select o.event_id, e.id, o.client_id from outbox_events o join webhook_endpoints e on e.client_id = o.client_id and e.active
        and (cardinality(e.event_types) = 0 or o.type = any(e.event_types))
      where o.event_id = any(${sql.raw(`array[${events.map((e) => `'${e.event_id}'::uuid`).join(",")}]`)})
      on conflict (event_id, endpoint_id) do nothing
      returning id, generation`)) as unknown as Array<{ id: string; generation: number }>;
    // Pending for more than 10 minutes with no attempt since: its job was never queued or was lost.
    const stuck = (await tx.execute(sql`
      select id, generation from webhook_deliveries
      where status = 'pending' and coalesce(last_attempt_at, created_at) < ${now}::timestamptz - interval '10 minutes'
      order by created_at limit ${limit}`)) as unknown as Array<{ id: string; generation: number }>;
    return { relayed: events.length, deliveries: [...created, ...stuck].map((d) => ({ deliveryId: d.id, generation: Number(d.generation) })) };
  });
}
