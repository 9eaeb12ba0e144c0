import { sql } from "drizzle-orm";
import { index, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { users } from "../identity/users";
import { contactPoints } from "../persons/contact-points";
import { cases } from "./cases";

/** A callback the agent booked with the debtor; it raises the case in the queue at its time. A case has
 *  at most one open callback (done_at null), the one `cases.callback_at` mirrors: booking another moves
 *  it (an upsert on this index), so no booked callback hides behind a later one. */
export const callbacks = pgTable(
  "callbacks",
  {
    id: id(),
    caseId: uuid().notNull().references(() => cases.id),
    dueAt: instant().notNull(),
    contactPointId: uuid().references(() => contactPoints.id),
    createdBy: uuid().references(() => users.id),
    doneAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.caseId),
    index().on(t.dueAt),
    uniqueIndex("callbacks_one_open_per_case").on(t.caseId).where(sql`done_at is null`),
  ],
);
