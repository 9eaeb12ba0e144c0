import { asc } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";

/** Client names for the queue's filter: not personal data, no audit. */
export async function listClients(ctx: DomainContext): Promise<Array<{ id: string; name: string; currency: string }>> {
  return ctx.db.select({ id: schema.clients.id, name: schema.clients.name, currency: schema.clients.currency })
    .from(schema.clients).orderBy(asc(schema.clients.name));
}
