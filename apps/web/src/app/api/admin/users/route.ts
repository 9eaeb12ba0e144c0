import { userForApi } from "@/lib/auth";
import { createUser, listUsers } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";

export async function GET() {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  try {
    return Response.json(await listUsers(await contextFor(who.user)));
  } catch (error) {
    return toResponse(error);
  }
}

/** Creates a user; the answer carries the temporary password once (the caller hands it over). */
export async function POST(request: Request) {
  const who = await userForApi("admin");
  if ("response" in who) return who.response;
  try {
    const body: unknown = await request.json().catch(() => null);
    const r = await createUser(await contextFor(who.user), (body ?? {}) as Parameters<typeof createUser>[1]);
    return Response.json(r, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toResponse(error);
  }
}
