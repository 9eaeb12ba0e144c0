import { and, asc, eq, inArray } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import { ValidationError } from "../errors";
import { lockRows } from "../locks/lock-rows";
import { zoneOf } from "./dates";

export type AccountRow = typeof schema.accounts.$inferSelect;

/** The case's open accounts, or the chosen ones, which must belong to the case (a forged id is refused). */
export async function loadCaseAccounts(tx: DbOrTx, caseId: string, accountIds?: string[], opts: { forUpdate?: boolean } = {}): Promise<AccountRow[]> {
  const where = accountIds?.length ? and(eq(schema.accounts.caseId, caseId), inArray(schema.accounts.id, accountIds)) : eq(schema.accounts.caseId, caseId);
  if (opts.forUpdate) {
    // The debt level of the lock order; the caller already holds the case (loadCaseForActor).
    const ids = await tx.select({ id: schema.accounts.id }).from(schema.accounts).where(where);
    await lockRows(tx, { debts: ids.map((r) => r.id) });
  }
  const rows = await tx.select().from(schema.accounts).where(where).orderBy(asc(schema.accounts.dueDate), asc(schema.accounts.id));
  if (accountIds?.length && rows.length !== new Set(accountIds).size) throw new ValidationError("accountIds", "account_not_in_case");
  return rows;
}

export async function loadPersonZone(tx: DbOrTx, personId: string): Promise<{ zone: string; person: typeof schema.persons.$inferSelect }> {
  const [person] = await tx.select().from(schema.persons).where(eq(schema.persons.id, personId));
  if (!person) throw new ValidationError("caseId", "case_has_no_debtor");
  return { zone: zoneOf(person), person };
}
