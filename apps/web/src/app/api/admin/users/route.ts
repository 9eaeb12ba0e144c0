import { userForApi } from "@casebook/auth";
import { listUsers } from "@casebook/domain";
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
