import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { channel } from "../_shared/enums";
import { users } from "../identity/users";
import { contactPoints } from "./contact-points";
import { persons } from "./persons";

/** Medium opt-outs (US-REGF-MEDIUM): per person × channel, optionally × address. */
export const optOuts = pgTable(
  "opt_outs",
  {
    id: id(),
    personId: uuid().notNull().references(() => persons.id),
    channel: channel().notNull(),
    /** Null: the whole channel. */
    contactPointId: uuid().references(() => contactPoints.id),
    source: text({ enum: ["sms_reply", "agent", "letter", "portal", "email_link"] }).notNull(),
    recordedBy: uuid().references(() => users.id),
    revokedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.personId)],
);
