import { and, eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import { NotFoundError } from "../errors";

export type AccountRow = typeof schema.accounts.$inferSelect;

/** The client's account by its own reference; another client's reference does not exist (404). */
export async function loadClientAccount(tx: DbOrTx, clientId: string, reference: string): Promise<AccountRow> {
  const [row] = await tx.select().from(schema.accounts).where(and(eq(schema.accounts.clientId, clientId), eq(schema.accounts.clientReference, reference)));
  if (!row) throw new NotFoundError("account", reference);
  return row;
}
