import type { WorkerEnv } from "./env";

export type Clock = () => Date;

/** Real time, or the simulated clock of CASEBOOK_CLOCK_* (the outreach simulation and tests). */
export function createClock(env: Pick<WorkerEnv, "CASEBOOK_CLOCK_START" | "CASEBOOK_CLOCK_RATE" | "CASEBOOK_CLOCK_EPOCH_MS">): Clock {
  if (!env.CASEBOOK_CLOCK_START) return () => new Date();
  const start = Date.parse(env.CASEBOOK_CLOCK_START);
  const epoch = env.CASEBOOK_CLOCK_EPOCH_MS ?? Date.now();
  const rate = env.CASEBOOK_CLOCK_RATE;
  return () => new Date(start + (Date.now() - epoch) * rate);
}
