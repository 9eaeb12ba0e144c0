import { getTranslations } from "next-intl/server";
import { userForApi } from "@/lib/auth";
import { getRollRates, type PortfolioFilter } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { csvRate as rate, csvResponse, toCsv } from "@/lib/csv";
import { toResponse } from "@/lib/errors";
import { FILTER_KEYS, pick } from "@/lib/search-params";

/** Roll and cure rates per period and bucket as CSV (aggregates only: no personal data). */
export async function GET(req: Request) {
  const who = await userForApi("supervisor", "admin");
  if ("response" in who) return who.response;
  try {
    const r = await getRollRates(await contextFor(who.user), pick(new URL(req.url).searchParams, FILTER_KEYS) as PortfolioFilter);
    const t = await getTranslations("dashboards");
    const header = [t("period"), t("bucket"), t("inBucket"), t("rolled"), t("rollRate"), t("cured"), t("cureRate")];
    const rows = [...r.series, { period: `${r.filter.from}..${r.filter.to}`, ...r.totals }].flatMap((p) =>
      p.buckets.map((b) => [p.period, b.bucket, b.inBucket, b.rolled, rate(b.rollRate), b.cured, rate(b.cureRate)]));
    return csvResponse(`roll-rates-${r.filter.from}-${r.filter.to}.csv`, toCsv(header, rows));
  } catch (error) {
    return toResponse(error);
  }
}
