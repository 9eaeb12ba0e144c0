import { boolean, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "../_shared/columns";
import { channel, contactPurpose, disclosure, locale, ruleSetId } from "../_shared/enums";

/** A message body with {{variables}}. It declares what it discloses and which required texts it
 *  carries, so the compliance gate can judge content without reading prose. */
export const templates = pgTable(
  "templates",
  {
    id: id(),
    code: text().notNull(),
    version: integer().notNull().default(1),
    channel: channel().notNull(),
    language: locale().notNull(),
    ruleSet: ruleSetId().notNull(),
    purpose: contactPurpose().notNull(),
    subject: text(),
    body: text().notNull(),
    discloses: disclosure().notNull(),
    hasOptOut: boolean().notNull().default(false),
    identifiesCollector: boolean().notNull().default(false),
    hasMiniMiranda: boolean().notNull().default(false),
    hasValidationNotice: boolean().notNull().default(false),
    postcard: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.code, t.language, t.version)],
);
