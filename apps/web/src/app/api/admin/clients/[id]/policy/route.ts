import { userForApi } from "@/lib/auth";
import { updateClientPolicy } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";

/** A new version of the client's policy: `{ policy, effectiveFrom?, note? }` (effectiveFrom as ISO 8601). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  try {
    const { id } = await params;
    const body = ((await request.json().catch(() => null)) ?? {}) as { policy?: unknown; effectiveFrom?: unknown; note?: unknown };
    const effectiveFrom = typeof body.effectiveFrom === "string" ? new Date(body.effectiveFrom) : undefined;
    const r = await updateClientPolicy(await contextFor(who.user), {
      clientId: id, policy: body.policy as never,
      ...(effectiveFrom ? { effectiveFrom } : {}), ...(typeof body.note === "string" ? { note: body.note } : {}),
    });
    return Response.json(r, { status: 201 });
  } catch (error) {
    return toResponse(error);
  }
}
