import { bigint, boolean, index, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "../_shared/columns";

/** Sign-in throttling reads recent failures by email and by address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text(),
    success: boolean().notNull(),
    /** A try refused by the throttle before the password was looked at: recorded for the audit, but
     *  not counted as a failure, so an attacker cannot keep an account's throttle going forever. */
    throttled: boolean().notNull().default(false),
    at: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.at), index().on(t.ip, t.at)],
);
