import { userForApi } from "@/lib/auth";
import { listQueue } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { toResponse } from "@/lib/errors";

export async function GET(req: Request) {
  const who = await userForApi();
  if ("response" in who) return who.response;
  try {
    const sp = Object.fromEntries(new URL(req.url).searchParams);
    return Response.json(await listQueue(await contextFor(who.user), { ...sp, clientId: sp.client }));
  } catch (error) {
    return toResponse(error);
  }
}
