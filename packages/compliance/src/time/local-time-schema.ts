import { z } from "zod";

/** A local wall-clock time "HH:MM" (a rule set's window, a policy's tighter one, a debtor's inconvenient hours). */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "expected a local time HH:MM" });
