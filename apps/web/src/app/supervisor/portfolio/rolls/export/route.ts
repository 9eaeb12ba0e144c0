import { getTranslations } from "next-intl/server";
import { userForApi } from "@/lib/auth";
import { getRollRates, type PortfolioFilter } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { csvResponse, toCsv } from "@/lib/csv";
import { toResponse } from "@/lib/errors";
import { rollRatesCsv } from "@/lib/roll-rates-csv";
import { FILTER_KEYS, pick } from "@/lib/search-params";

/** Roll and cure rates per period and bucket as CSV, in the reader's language (aggregates only: no personal data). */
export async function GET(req: Request) {
  const who = await userForApi("supervisor", "admin");
  if ("response" in who) return who.response;
  try {
    const r = await getRollRates(await contextFor(who.user), pick(new URL(req.url).searchParams, FILTER_KEYS) as PortfolioFilter);
    const t = await getTranslations("dashboards");
    const tq = await getTranslations("queue");
    const { header, rows } = rollRatesCsv(r, t as never, tq as never);
    return csvResponse(`roll-rates-${r.filter.from}-${r.filter.to}.csv`, toCsv(header, rows));
  } catch (error) {
    return toResponse(error);
  }
}
