import { and, asc, eq, inArray } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import { ValidationError } from "../errors";

export type AccountRow = typeof schema.accounts.$inferSelect;

/** The case's open accounts, or the chosen ones, which must belong to the case (a forged id is refused). */
export async function loadCaseAccounts(tx: DbOrTx, caseId: string, accountIds?: string[], opts: { forUpdate?: boolean } = {}): Promise<AccountRow[]> {
  const q = tx.select().from(schema.accounts)
    .where(accountIds?.length ? and(eq(schema.accounts.caseId, caseId), inArray(schema.accounts.id, accountIds)) : eq(schema.accounts.caseId, caseId))
    .orderBy(asc(schema.accounts.dueDate), asc(schema.accounts.id));
  const rows = opts.forUpdate ? await q.for("update") : await q;
  if (accountIds?.length && rows.length !== new Set(accountIds).size) throw new ValidationError("accountIds", "account_not_in_case");
  return rows;
}

export async function loadPersonZone(tx: DbOrTx, personId: string): Promise<{ zone: string; person: typeof schema.persons.$inferSelect }> {
  const [person] = await tx.select().from(schema.persons).where(eq(schema.persons.id, personId));
  if (!person) throw new ValidationError("caseId", "case_has_no_debtor");
  const zone = person.timeZones[0] ?? (person.country === "CN" ? "Asia/Shanghai" : person.country === "GB" ? "Europe/London" : "America/New_York");
  return { zone, person };
}

export const CLOSED_STATUSES = new Set(["paid", "settled", "recalled", "closed"]);
