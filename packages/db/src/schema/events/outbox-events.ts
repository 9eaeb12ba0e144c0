import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, instant } from "../_shared/columns";
import { clients } from "../clients/clients";

/**
 * The transactional outbox of events for a client's systems (webhooks). Rows are written by triggers
 * on the tables that change (accounts, payments, disputes, holds, cases: migration 0012), so an event
 * commits with its change or not at all, whichever verb, job or import made it. The relay
 * (domain/events/relay-outbox.ts) turns each into one delivery per endpoint and marks it relayed.
 * The payload is ids, references, statuses and amounts: never a name, number or address.
 */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    /** Commit order within a relay batch; the public id (webhook-id) is `eventId`. */
    seq: bigserial({ mode: "number" }).primaryKey(),
    eventId: uuid().notNull().unique().defaultRandom(),
    clientId: uuid().notNull().references(() => clients.id),
    /** "account.status_changed", "payment.posted", "payment.reversed", "dispute.opened", "hold.placed", "case.legal_escalated". */
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    occurredAt: instant().notNull().defaultNow(),
    relayedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_events_unrelayed_idx").on(t.seq).where(sql`relayed_at is null`), index().on(t.clientId, t.occurredAt)],
);
