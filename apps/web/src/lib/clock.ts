import { env } from "@/env";

const clockStart = env.CASEBOOK_CLOCK_START ? new Date(env.CASEBOOK_CLOCK_START).getTime() : null;
const clockEpoch = env.CASEBOOK_CLOCK_EPOCH_MS ?? Date.now();

/** The domain clock of the web app: the wall clock, or the e2e suite's simulated clock (env.ts). */
export function appNow(): Date {
  return clockStart === null ? new Date() : new Date(clockStart + (Date.now() - clockEpoch));
}
