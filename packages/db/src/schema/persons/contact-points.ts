import { boolean, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { contactPointKind, contactPointStatus, contactSource, phoneType } from "../_shared/enums";
import { persons } from "./persons";

export interface PostalAddress {
  lines: string[];
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
}

/** Phones (E.164), email addresses and postal addresses of a person. */
export const contactPoints = pgTable(
  "contact_points",
  {
    id: id(),
    personId: uuid().notNull().references(() => persons.id),
    kind: contactPointKind().notNull(),
    phoneType: phoneType(),
    /** E.164 number, lower-cased email, or the address on one line. */
    value: text().notNull(),
    postal: jsonb().$type<PostalAddress>(),
    /** A work phone or work email (US-REGF-WORK). */
    isWorkplace: boolean().notNull().default(false),
    /** Residence/mobile/personal vs other numbers (US-MA-FREQ counts them differently). */
    isPersonal: boolean().notNull().default(true),
    isPrimary: boolean().notNull().default(false),
    source: contactSource().notNull(),
    /** Prior express consent for autodialled/prerecorded calls and texts (US-TCPA-CONSENT). */
    consentCall: boolean().notNull().default(false),
    consentSms: boolean().notNull().default(false),
    consentRecordedAt: instant(),
    status: contactPointStatus().notNull().default("valid"),
    invalidatedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.personId), index().on(t.value)],
);
