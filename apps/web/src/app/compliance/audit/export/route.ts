import { getTranslations } from "next-intl/server";
import { userForApi } from "@/lib/auth";
import { searchAuditEvents, type SearchAuditEvents } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { csvResponse, toCsv } from "@/lib/csv";
import { toResponse } from "@/lib/errors";
import { pick } from "@/lib/search-params";

const KEYS = ["actor", "action", "personId", "caseId", "entityId", "from", "to"];

/** The filtered audit log as CSV for a regulator (up to 10,000 rows; the export is itself audited). */
export async function GET(req: Request) {
  const who = await userForApi("compliance", "admin");
  if ("response" in who) return who.response;
  try {
    const filters = pick(new URL(req.url).searchParams, KEYS);
    const page = await searchAuditEvents(await contextFor(who.user), { ...filters, limit: 10_000, purpose: "export" } as SearchAuditEvents);
    const t = await getTranslations("evidence");
    const header = ["id", t("when"), t("actorKind"), t("actor"), t("action"), t("entityType"), t("entityId"), t("personId"), t("caseId"), t("details"), "ip"];
    const rows = page.rows.map((r) => [r.id, r.at.toISOString(), r.actorKind, r.actorLabel, r.action, r.entityType, r.entityId, r.personId, r.caseId, JSON.stringify(r.details), r.ip]);
    return csvResponse(`audit-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(header, rows));
  } catch (error) {
    return toResponse(error);
  }
}
