import { sql } from "drizzle-orm";
import { schema } from "@casebook/db";

export type AccountStatus = (typeof schema.accountStatus.enumValues)[number];

/** Every account status, in the schema's order (the API's enum reads it here). */
export const ACCOUNT_STATUSES = schema.accountStatus.enumValues;

/** The account statuses that count as closed: nothing is owed or collectable on them any more. The one
 *  list; every verb, query and screen asks this file (a test keeps a second copy out). */
export const CLOSED_ACCOUNT_STATUSES = ["paid", "settled", "recalled", "closed"] as const satisfies readonly AccountStatus[];

/** The account statuses an agent can still work (a disputed debt is worked toward its verification):
 *  every status that is neither closed nor with the legal team. */
export const WORKABLE_ACCOUNT_STATUSES = ["active", "promised", "on_plan", "disputed"] as const satisfies readonly AccountStatus[];

const closed: ReadonlySet<string> = new Set(CLOSED_ACCOUNT_STATUSES);

export function isClosedAccountStatus(status: string): boolean {
  return closed.has(status);
}

const sqlList = (statuses: readonly string[]) => sql.raw(statuses.map((s) => `'${s}'`).join(", "));

/** The closed statuses as an SQL list of literals, for `status not in (...)`: literals, not a bound array,
 *  so the planner sees the same query it always did. */
export const CLOSED_ACCOUNT_STATUSES_SQL = sqlList(CLOSED_ACCOUNT_STATUSES);
export const WORKABLE_ACCOUNT_STATUSES_SQL = sqlList(WORKABLE_ACCOUNT_STATUSES);
