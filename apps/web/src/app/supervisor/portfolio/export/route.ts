import { getTranslations } from "next-intl/server";
import { userForApi } from "@/lib/auth";
import { getPortfolio, type PortfolioFilter } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { csvRate as rate, csvResponse, toCsv } from "@/lib/csv";
import { toResponse } from "@/lib/errors";
import { FILTER_KEYS, pick } from "@/lib/search-params";

/** The portfolio's trend table as CSV (aggregates only: no personal data). */
export async function GET(req: Request) {
  const who = await userForApi("supervisor", "admin");
  if ("response" in who) return who.response;
  try {
    const p = await getPortfolio(await contextFor(who.user), pick(new URL(req.url).searchParams, FILTER_KEYS) as PortfolioFilter);
    const t = await getTranslations("dashboards");
    const currencies = p.totals.money.map((m) => m.currency);
    const header = [t("period"), t("attempts"), t("contacts"), t("rpcs"), t("promisesMade"), t("promisesKept"), t("promisesBroken"),
      t("contactRate"), t("rpcRate"), t("promiseRate"), t("keptRate"), ...currencies.map((c) => t("collectedMinor", { currency: c }))];
    const rows = p.series.map((s) => [s.period, s.attempts, s.contacts, s.rpcs, s.promisesMade, s.promisesKept, s.promisesBroken,
      rate(s.contactRate), rate(s.rpcRate), rate(s.promiseRate), rate(s.keptRate), ...currencies.map((c) => s.collected[c] ?? 0)]);
    return csvResponse(`portfolio-${p.filter.from}-${p.filter.to}.csv`, toCsv(header, rows));
  } catch (error) {
    return toResponse(error);
  }
}
