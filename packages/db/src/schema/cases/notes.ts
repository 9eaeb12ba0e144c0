import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "../_shared/columns";
import { users } from "../identity/users";
import { cases } from "./cases";

export const notes = pgTable(
  "notes",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    authorId: uuid().references(() => users.id),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.caseId, t.createdAt)],
);
