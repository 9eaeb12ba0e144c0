import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import { CLOSED_ACCOUNT_STATUSES, CLOSED_ACCOUNT_STATUSES_SQL } from "../cases/account-status";
import { cancelOpenSteps } from "../outreach/schedule/steps";

export interface RecallResult { recalled: Array<{ accountId: string; caseId: string; reference: string }>; closedCases: string[]; cancelledSteps: number }

/**
 * The client takes accounts back: each open one is `recalled` at once, a case left with no open account
 * is closed, and its unclaimed outreach stops in the same transaction (a step already claimed was
 * decided before the recall and is on its way). Already closed accounts are left as they are.
 */
export async function recallAccounts(tx: DbOrTx, clientId: string, references: string[], now: Date): Promise<RecallResult> {
  if (references.length === 0) return { recalled: [], closedCases: [], cancelledSteps: 0 };
  const recalled = await tx.update(schema.accounts).set({ status: "recalled", closeCode: "recalled", closedAt: now })
    .where(and(eq(schema.accounts.clientId, clientId), inArray(schema.accounts.clientReference, references), notInArray(schema.accounts.status, [...CLOSED_ACCOUNT_STATUSES])))
    .returning({ accountId: schema.accounts.id, caseId: schema.accounts.caseId, reference: schema.accounts.clientReference });
  const caseIds = [...new Set(recalled.map((r) => r.caseId))].sort();
  if (caseIds.length === 0) return { recalled, closedCases: [], cancelledSteps: 0 };
  const closed = await tx.update(schema.cases).set({ status: "closed", closedAt: now })
    .where(and(inArray(schema.cases.id, caseIds), eq(schema.cases.status, "open"),
      sql`not exists (select 1 from accounts a where a.case_id = "cases"."id" and a.status not in (${CLOSED_ACCOUNT_STATUSES_SQL}))`))
    .returning({ id: schema.cases.id });
  const closedCases = closed.map((c) => c.id);
  const cancelledSteps = await cancelOpenSteps(tx, { caseIds: closedCases, reason: "account_recalled", now });
  return { recalled, closedCases, cancelledSteps };
}
