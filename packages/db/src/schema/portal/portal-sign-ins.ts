import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { contactPoints } from "../persons/contact-points";
import { persons } from "../persons/persons";

/**
 * One debtor's sign-in to the portal: the identity check passed, a one-time code is sent to one of the
 * person's own contact points (by the worker, which draws the code: it never travels through Redis),
 * and only its hash is kept. Expiring, attempt-limited, used once.
 */
export const portalSignIns = pgTable(
  "portal_sign_ins",
  {
    id: id(),
    personId: uuid().notNull().references(() => persons.id),
    contactPointId: uuid().notNull().references(() => contactPoints.id),
    channel: text({ enum: ["sms", "email"] }).notNull(),
    /** Hex SHA-256 of "<id>:<code>"; null until the worker has drawn and sent the code. */
    codeHash: text(),
    sentAt: instant(),
    expiresAt: instant().notNull(),
    attempts: integer().notNull().default(0),
    usedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.personId, t.createdAt)],
);

/** A debtor's portal session: short-lived, its own table and cookie, never a staff session. */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: id(),
    personId: uuid().notNull().references(() => persons.id),
    signInId: uuid().notNull().references(() => portalSignIns.id),
    expiresAt: instant().notNull(),
    endedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.personId)],
);
