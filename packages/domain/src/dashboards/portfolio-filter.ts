import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import { BUCKETS } from "../cases/buckets";
import { NIL_UUID } from "./rollup-sql";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date_format");
const optionalUuid = z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional());

/** The slice every supervisor figure, chart, drill-down and export is filtered by. */
export const PortfolioFilter = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  clientId: optionalUuid,
  teamId: optionalUuid,
  /** A strategy id, or "none" for cases without one. */
  strategyId: z.preprocess((v) => (v === "" ? undefined : v), z.union([z.uuid(), z.literal("none")]).optional()),
  bucket: z.preprocess((v) => (v === "" ? undefined : v), z.enum(BUCKETS).optional()),
  grain: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["day", "week"]).default("day")),
});
export type PortfolioFilter = z.input<typeof PortfolioFilter>;
export type ResolvedFilter = Omit<z.output<typeof PortfolioFilter>, "from" | "to"> & { from: string; to: string };

/** Default range: the 30 UTC days ending today; at most two years (a bounded read of the rollup). */
export function resolveFilter(f: z.output<typeof PortfolioFilter>, now: Date): ResolvedFilter {
  const today = DateTime.fromJSDate(now, { zone: "UTC" }).toISODate()!;
  const to = f.to ?? today;
  let from = f.from ?? DateTime.fromISO(to, { zone: "UTC" }).minus({ days: 29 }).toISODate()!;
  if (from > to) from = to;
  const floor = DateTime.fromISO(to, { zone: "UTC" }).minus({ days: 730 }).toISODate()!;
  if (from < floor) from = floor;
  return { ...f, from, to };
}

/** The filter as SQL over a rollup row aliased `r` (columns client_id, team_id, strategy_id, bucket). */
export function rollupWhere(f: ResolvedFilter, opts: { dayFrom?: boolean } = {}): SQL {
  const parts: SQL[] = [sql`r.day <= ${f.to}::date`];
  if (opts.dayFrom !== false) parts.push(sql`r.day >= ${f.from}::date`);
  if (f.clientId) parts.push(sql`r.client_id = ${f.clientId}::uuid`);
  if (f.teamId) parts.push(sql`r.team_id = ${f.teamId}::uuid`);
  if (f.strategyId) parts.push(sql`r.strategy_id = ${f.strategyId === "none" ? NIL_UUID : f.strategyId}::uuid`);
  if (f.bucket) parts.push(sql`r.bucket = ${f.bucket}`);
  return sql.join(parts, sql` and `);
}

/** The period a day falls in for the chosen grain (ISO weeks start on Monday). */
export function periodSql(grain: "day" | "week"): SQL {
  return grain === "week" ? sql`date_trunc('week', r.day)::date` : sql`r.day`;
}
