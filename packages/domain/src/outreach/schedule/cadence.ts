import { stageForDpd, type StageEntry } from "@casebook/db/schema";
import { addDays, localInstant } from "./local-time";

/** A step whose day passed more than this long ago is not planned at all (a case placed late). */
export const MISSED_AFTER_MS = 36 * 3600_000;

/** The fields of a strategy step that decide when it happens. */
export interface CadenceStep {
  dayOffset: number;
  repeatTimes: number;
  repeatEveryDays: number | null;
  preferredFrom: string | null;
}

export interface CadenceOccurrence {
  /** 1, 2, ... (the plan key's occurrence is epochDay(reference) * 100 + n). */
  n: number;
  day: string;
  dueAt: Date;
}

/**
 * When a step happens (pure; the planner, the strategy preview and the what-if share it): its day
 * offset from the stage's reference date, repeated, at its preferred local hour in the debtor's zone.
 * Occurrences missed by more than MISSED_AFTER_MS at `now` are left out, as the planner leaves them.
 * With `until` (the planner's horizon), occurrences due from then on are left out too.
 */
export function cadenceOccurrences(step: CadenceStep, reference: string, zone: string, now: Date, until?: Date): CadenceOccurrence[] {
  const out: CadenceOccurrence[] = [];
  // Days whose every instant is surely before the missed cut-off or from `until` on are skipped before
  // the calendar is asked (a stage entered weeks ago repeats a call daily: most days are long past).
  const firstDay = addDays(utcDate(new Date(now.getTime() - MISSED_AFTER_MS)), -1);
  const lastDay = until ? addDays(utcDate(until), 1) : null;
  for (let n = 1; n <= Math.max(1, step.repeatTimes); n++) {
    const day = addDays(reference, step.dayOffset + (n - 1) * (step.repeatEveryDays ?? 0));
    if (day < firstDay || (lastDay !== null && day > lastDay)) continue;
    const dueAt = localInstant(day, step.preferredFrom ?? "10:00", zone);
    if (dueAt.getTime() < now.getTime() - MISSED_AFTER_MS) continue;
    out.push({ n, day, dueAt });
  }
  return out;
}

/** No zone's local date is more than a day from the UTC date (offsets are within ±14 hours). */
const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

/** The date a stage's offsets count from: the due date before it, the day the case entered the stage after. */
export function stageReference(kind: string, dueDate: string, enteredOn: string): string {
  return kind === "pre_due" ? dueDate : enteredOn;
}

/**
 * The stage a case is in under a strategy at `today` (the planner's rule: its current stage, moved forward
 * when its DPD enters a later one) and the date that stage's offsets count from.
 */
export function stageOfCase<T extends { entry: StageEntry; ordinal: number; kind: string }>(
  stages: T[], c: { stage: string | null; enteredOn: string | null }, dueDate: string, today: string, dpd: number,
): { stage: T; reference: string; enteredOn: string } | null {
  const current = stages.find((st) => st.kind === c.stage);
  const target = stageForDpd([...stages].sort((a, b) => a.ordinal - b.ordinal), dpd);
  if (target && (!current || target.ordinal > current.ordinal)) return { stage: target, reference: stageReference(target.kind, dueDate, today), enteredOn: today };
  if (!current) return null;
  const enteredOn = c.enteredOn ?? today;
  return { stage: current, reference: stageReference(current.kind, dueDate, enteredOn), enteredOn };
}
