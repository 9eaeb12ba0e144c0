import type { RollRates } from "@casebook/domain";
import { csvRate as rate } from "./csv";

type T = (key: string, values?: Record<string, string | number>) => string;

/**
 * The roll and cure rates' CSV in the reader's language: translated headers, and each bucket by its
 * label ("30–59", "未到期") as the page shows it, never by its code. `t` is the dashboards namespace,
 * `tq` the queue namespace (bucket labels). Aggregates only: no personal data.
 */
export function rollRatesCsv(r: RollRates, t: T, tq: T): { header: string[]; rows: Array<Array<string | number>> } {
  const header = [t("period"), t("bucket"), t("inBucket"), t("rolled"), t("rollRate"), t("cured"), t("cureRate")];
  const rows = [...r.series, { period: `${r.filter.from}..${r.filter.to}`, ...r.totals }].flatMap((p) =>
    p.buckets.map((b) => [p.period, tq(`buckets.${b.bucket}`), b.inBucket, b.rolled, rate(b.rollRate), b.cured, rate(b.cureRate)]));
  return { header, rows };
}
