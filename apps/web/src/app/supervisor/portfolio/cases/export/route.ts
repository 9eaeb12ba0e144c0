import { getTranslations } from "next-intl/server";
import { userForApi } from "@/lib/auth";
import { listPortfolioCases, type ListPortfolioCases } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { csvResponse, toCsv } from "@/lib/csv";
import { toResponse } from "@/lib/errors";
import { FILTER_KEYS, pick } from "@/lib/search-params";

/** The cases behind a figure as CSV, the 1,000 with the most recent events (debtors' names:
 *  listPortfolioCases writes the audit event). */
export async function GET(req: Request) {
  const who = await userForApi("supervisor", "admin");
  if ("response" in who) return who.response;
  try {
    const sp = new URL(req.url).searchParams;
    const input = { ...pick(sp, [...FILTER_KEYS, "metric"]), limit: 1000 } as ListPortfolioCases;
    const cases = await listPortfolioCases(await contextFor(who.user), input);
    const t = await getTranslations("dashboards");
    const header = [t("caseId"), t("debtor"), t("client"), t("team"), t("lastEvent"), t("events"), t("amountMinor"), t("currency")];
    const rows = cases.rows.map((r) => [r.caseId, r.personName, r.clientName, r.teamName, r.lastDay, r.events, r.amountMinor, r.currency]);
    return csvResponse(`cases-${input.metric}-${cases.filter.from}-${cases.filter.to}.csv`, toCsv(header, rows));
  } catch (error) {
    return toResponse(error);
  }
}
