import { boolean, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { relationship } from "../_shared/enums";
import { persons } from "./persons";

/** Co-signers and guarantors also owe; spouse, guardian and executor count as the consumer in the US;
 *  emergency contacts and references are third parties: location only, never the debt. */
export const relatedParties = pgTable(
  "related_parties",
  {
    id: id(),
    debtorPersonId: uuid().notNull().references(() => persons.id),
    personId: uuid().notNull().references(() => persons.id),
    relationship: relationship().notNull(),
    /** Free text as given by the debtor or creditor ("mother", "colleague"). */
    relationLabel: text(),
    /** The debtor consented to the debt being discussed with this party (US-REGF-3P exception). */
    consentToDiscuss: boolean().notNull().default(false),
    /** The party refused further contact (CN-3P-CONTACTS: never again). */
    refusedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.debtorPersonId), index().on(t.personId)],
);
