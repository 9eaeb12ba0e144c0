import { userForApi } from "@/lib/auth";
import { getCaseView } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";

/** The case as JSON (the same domain query and the same access rule as the case screen). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await userForApi();
  if ("response" in who) return who.response;
  try {
    return Response.json(await getCaseView(await contextFor(who.user), (await params).id));
  } catch (error) {
    return toResponse(error);
  }
}
