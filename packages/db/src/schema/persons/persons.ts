import { boolean, date, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { locale } from "../_shared/enums";

export interface LocalWindow {
  /** Local "HH:MM" in the person's zone. */
  from: string;
  to: string;
}

/** A debtor or a related party. Location fields feed the compliance engine's time-zone resolution. */
export const persons = pgTable(
  "persons",
  {
    id: id(),
    fullName: text().notNull(),
    givenName: text(),
    familyName: text(),
    dateOfBirth: date({ mode: "string" }),
    /** ISO 3166 alpha-2. */
    country: text().notNull(),
    /** US state / CN province code of the primary address (US-MA overlay, time zones). */
    region: text(),
    postalCode: text(),
    /** IANA zones known for the person; empty means "derive from locations" (RULES.md). */
    timeZones: text().array().notNull().default([]),
    preferredLanguage: locale().notNull().default("en"),
    /** Times the person named as inconvenient (US-REGF-PLACE). */
    inconvenientWindows: jsonb().$type<LocalWindow[]>().notNull().default([]),
    /** The consumer said the employer forbids workplace contact (US-REGF-WORK). */
    noWorkplaceContact: boolean().notNull().default(false),
    /** Since when the person wants letters and email only (flags.writtenOnly: US-REGF-MEDIUM, UK-CONC-HOW,
     *  CN-WRITTEN); null: no such request. */
    writtenOnlySince: instant(),
    /** How it was asked: a demand for written contact, or a refusal of calls (both read as writtenOnly). */
    writtenOnlyReason: text({ enum: ["written_demand", "refused_calls"] }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.fullName)],
);
