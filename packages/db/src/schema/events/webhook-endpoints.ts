import { boolean, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { clients } from "../clients/clients";
import { users } from "../identity/users";

/**
 * Where a client receives its events. The signing secret (Standard Webhooks, `whsec_` + base64) must be
 * readable to sign, so it is stored as is (shown once to the admin at creation, never listed again).
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    url: text().notNull(),
    secret: text().notNull(),
    /** Event types delivered; empty: all. */
    eventTypes: text().array().notNull().default([]),
    active: boolean().notNull().default(true),
    createdBy: uuid().references(() => users.id),
    disabledAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.clientId)],
);
