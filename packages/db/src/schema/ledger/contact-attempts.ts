import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { channel, contactPurpose, direction, partyRole } from "../_shared/enums";
import { cases } from "../cases/cases";
import { users } from "../identity/users";
import { contactPoints } from "../persons/contact-points";
import { persons } from "../persons/persons";
import { templates } from "../templates/templates";

/** The ledger: every outbound or inbound contact, by the system or an agent. Append-only (a trigger
 *  rejects UPDATE and DELETE): it is the evidence in a complaint or a lawsuit. What happened next
 *  (delivered, no answer, conversation...) is a row in contact_outcomes. */
export const contactAttempts = pgTable(
  "contact_attempts",
  {
    id: id(),
    /** The claim id: unique, and the provider's idempotency key. Null for inbound contacts. */
    dispatchId: uuid().unique(),
    /** Short unguessable code printed in every message, so the debtor can check a contact is genuine. */
    referenceCode: text().notNull().unique(),
    caseId: uuid().notNull().references(() => cases.id),
    /** The debtor whose debts the contact concerns. */
    personId: uuid().notNull().references(() => persons.id),
    partyPersonId: uuid().notNull().references(() => persons.id),
    partyRole: partyRole().notNull(),
    contactPointId: uuid().references(() => contactPoints.id),
    /** The number, email or address actually used, as it was at the time. */
    address: text(),
    channel: channel().notNull(),
    direction: direction().notNull(),
    purpose: contactPurpose().notNull(),
    accountIds: uuid().array().notNull(),
    autodialed: boolean().notNull().default(false),
    /** The compliance decision this contact was made under (null only for inbound contacts). */
    decisionId: uuid(),
    outreachStepId: uuid(),
    /** The step's version (its deferral count) when claimed: one claim per step version, the same pair
     *  as the dispatch job's id, so two gates can never both claim one job's step. */
    outreachStepVersion: integer(),
    templateId: uuid().references(() => templates.id),
    agentUserId: uuid().references(() => users.id),
    renderedSubject: text(),
    renderedBody: text(),
    startedAt: instant().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("contact_attempts_person_time_idx").on(t.personId, t.startedAt),
    index("contact_attempts_party_time_idx").on(t.partyPersonId, t.startedAt),
    index("contact_attempts_accounts_idx").using("gin", t.accountIds),
    index().on(t.caseId, t.startedAt),
    // The supervisor's drill-down from a day's figure to the cases behind it reads attempts by time.
    index().on(t.startedAt),
    index().on(t.contactPointId, t.startedAt).where(sql`contact_point_id is not null`),
    uniqueIndex("contact_attempts_step_claim_key").on(t.outreachStepId, t.outreachStepVersion).where(sql`outreach_step_id is not null`),
  ],
);
