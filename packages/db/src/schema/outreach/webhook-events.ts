import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";

/** Every verified webhook delivery, keyed by the provider's event id, so a redelivery is a no-op. */
export const webhookEvents = pgTable("webhook_events", {
  id: id(),
  provider: text().notNull(),
  eventKey: text().notNull().unique(),
  kind: text().notNull(),
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
  processedAt: instant(),
  createdAt: createdAt(),
});
