import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { outboxEvents } from "./outbox-events";
import { webhookEndpoints } from "./webhook-endpoints";

/** One event to one endpoint: the delivery log the admin reads and redelivers from. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    eventId: uuid().notNull().references(() => outboxEvents.eventId),
    endpointId: uuid().notNull().references(() => webhookEndpoints.id),
    clientId: uuid().notNull(),
    /** pending → delivered | failed (retries exhausted); a redelivery sets it pending again. */
    status: text({ enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** Bumped by each redelivery, so its BullMQ job id is new. */
    generation: integer().notNull().default(0),
    lastStatusCode: integer(),
    /** A short code (timeout, connection_refused, http_500), never the response body. */
    lastError: text(),
    lastAttemptAt: instant(),
    deliveredAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.eventId, t.endpointId), index().on(t.clientId, t.createdAt), index().on(t.status)],
);
