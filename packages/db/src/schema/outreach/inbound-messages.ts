import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { channel } from "../_shared/enums";
import { contactPoints } from "../persons/contact-points";
import { persons } from "../persons/persons";

/** SMS replies and other inbound messages, as received from the provider webhook. */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: id(),
    channel: channel().notNull(),
    providerMessageId: text().notNull().unique(),
    fromAddress: text().notNull(),
    toAddress: text(),
    body: text().notNull(),
    receivedAt: instant().notNull(),
    personId: uuid().references(() => persons.id),
    contactPointId: uuid().references(() => contactPoints.id),
    /** What the message caused: "opt_out" for STOP / 退订. */
    action: text().notNull().default("none"),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.personId)],
);
