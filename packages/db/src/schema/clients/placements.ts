import { bigint, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { clients } from "./clients";

export const placements = pgTable(
  "placements",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    reference: text().notNull(),
    source: text({ enum: ["file", "api", "seed"] }).notNull(),
    receivedAt: instant().notNull(),
    accountCount: integer().notNull(),
    placedTotalMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    recalledAt: instant(),
    recallReason: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.clientId, t.receivedAt)],
);
