import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, Tx } from "@casebook/db";

export interface DayFoldResult {
  /** Completed UTC days folded by this run. */
  days: number;
  /** The last day folded so far (null before the first fold). */
  throughDay: string | null;
  /** Another fold held the lock: nothing was done. */
  busy: boolean;
}

export interface DayFold {
  /** Its row in rollup_watermarks. */
  watermark: string;
  /** Its transaction-scoped advisory lock: one fold of a kind at a time. */
  lock: string;
  /** The last day that may be folded now. */
  lastDay: string;
  /** Where a database that never had this fold starts (null: nothing to fold yet). */
  firstDay: (tx: Tx) => Promise<string | null>;
  /** Writes one day's rows (in the transaction that moves the watermark past it). */
  foldDay: (tx: Tx, day: string) => Promise<void>;
}

/**
 * The day-by-day fold behind a watermark: one day per transaction with the watermark, so a run stopped
 * half-way leaves whole days behind it and the watermark says which; at most `maxDays` days a run; a
 * run that finds the lock held does nothing (the next run continues where the last one stopped).
 */
export async function foldDays(db: Db, fold: DayFold, maxDays: number): Promise<DayFoldResult> {
  let days = 0;
  let throughDay: string | null = null;
  for (;;) {
    const step = await db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext(${fold.lock})) as ok`);
      if (!lock?.ok) return { busy: true as const };
      const [mark] = await tx.execute<{ through: string | null }>(sql`select through_day::text as through from rollup_watermarks where name = ${fold.watermark}`);
      const through = mark?.through ?? null;
      const next = through ? DateTime.fromISO(through, { zone: "UTC" }).plus({ days: 1 }).toISODate()! : await fold.firstDay(tx);
      if (!next || next > fold.lastDay || days >= maxDays) return { busy: false as const, through, done: true };
      await fold.foldDay(tx, next);
      await tx.execute(sql`insert into rollup_watermarks (name, through_day) values (${fold.watermark}, ${next}::date)
        on conflict (name) do update set through_day = excluded.through_day`);
      return { busy: false as const, through: next, done: false };
    });
    if (step.busy) return { days, throughDay, busy: true };
    throughDay = step.through;
    if (step.done) return { days, throughDay, busy: false };
    days++;
  }
}
