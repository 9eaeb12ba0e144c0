import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { holdKind } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";
import { persons } from "../persons/persons";

export interface HoldDetails {
  attorney?: { name: string; firm?: string; phone?: string; email?: string };
  bankruptcy?: { chapter: "7" | "11" | "13"; filingDate: string; caseNumber?: string };
  deceased?: { dateOfDeath?: string; estateRepresentative?: string };
  note?: string;
}

/** Stop conditions: cease, attorney, bankruptcy, deceased, hardship, fraud, lack of capacity.
 *  Active while releasedAt is null. A hold on a person stops outreach on all their cases. */
export const holds = pgTable(
  "holds",
  {
    id: id(),
    personId: uuid().notNull().references(() => persons.id),
    caseId: uuid().references(() => cases.id),
    kind: holdKind().notNull(),
    details: jsonb().$type<HoldDetails>().notNull().default({}),
    placedBy: uuid().references(() => users.id),
    placedAt: instant().notNull(),
    releasedBy: uuid().references(() => users.id),
    releasedAt: instant(),
    /** Why the hold was lifted (the release is audited too). */
    releaseReason: text(),
    createdAt: createdAt(),
  },
  (t) => [index("holds_active_idx").on(t.personId).where(sql`released_at is null`)],
);
