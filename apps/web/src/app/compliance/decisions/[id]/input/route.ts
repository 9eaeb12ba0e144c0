import { userForApi } from "@/lib/auth";
import { getDecision } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";

/** The decision's stored engine input as a file: `pnpm -s compliance:check < decision-<id>.json`. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await userForApi("compliance", "admin", "supervisor");
  if ("response" in who) return who.response;
  try {
    const { id } = await params;
    const d = await getDecision(await contextFor(who.user), { decisionId: id });
    return new Response(`${JSON.stringify(d.request, null, 2)}\n`, {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="decision-${d.id}.json"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return toResponse(error);
  }
}
