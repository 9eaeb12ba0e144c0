import { getTranslations } from "next-intl/server";
import { getImportRun, listImportQuarantine } from "@casebook/domain";
import { userForApi } from "@/lib/auth";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";
import { quarantineCsvStream } from "@/lib/imports/quarantine-csv";

/**
 * An import run's quarantine as CSV for the console, the reason in the reader's language
 * (lib/imports/quarantine-csv.ts). The first page's read is audited (domain listImportQuarantine).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  try {
    const { id } = await params;
    const ctx = await contextFor(who.user);
    const run = await getImportRun(ctx, { runId: id });
    const t = await getTranslations("errors.domain");
    const reasonText = (key: string) => (t.has(key as never) ? t(key as never, { field: "", firstRow: "…", detail: "", encoding: run.encoding.toUpperCase(), maximum: "", currency: "" } as never) : key);
    const body = await quarantineCsvStream((page) => listImportQuarantine(ctx, { runId: id, ...page }), reasonText);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="quarantine-${run.id}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return toResponse(error);
  }
}
