import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { users } from "../identity/users";
import { clients } from "./clients";

/** Creditor API keys: only a hash is kept; the prefix lets an admin recognise a key. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    name: text().notNull(),
    prefix: text().notNull().unique(),
    keyHash: text().notNull(),
    scopes: text().array().notNull(),
    createdBy: uuid().references(() => users.id),
    lastUsedAt: instant(),
    revokedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.clientId)],
);
