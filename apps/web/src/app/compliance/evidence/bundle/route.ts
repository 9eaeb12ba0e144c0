import { userForApi } from "@/lib/auth";
import { buildEvidenceBundle } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";
import { env } from "@/env";

/** Builds and streams the evidence ZIP; the verb audits its generation (with the archive's digest). */
export async function GET(req: Request) {
  const who = await userForApi("compliance", "admin");
  if ("response" in who) return who.response;
  try {
    const sp = new URL(req.url).searchParams;
    const bundle = await buildEvidenceBundle(await contextFor(who.user),
      { personId: sp.get("personId") ?? undefined, accountReference: sp.get("accountReference") ?? undefined }, { letterDir: env.LETTER_DIR });
    return new Response(bundle.zip as unknown as BodyInit, {
      headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${bundle.filename}"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return toResponse(error);
  }
}
