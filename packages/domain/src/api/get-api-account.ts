import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { schema, type DbOrTx } from "@casebook/db";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";
import { requireApiClient } from "./api-client";

/** What the API tells a client about one of its accounts: status and balance, no personal data. */
export interface ApiAccount {
  accountReference: string;
  status: string;
  closeCode: string | null;
  currency: string;
  balanceMinor: number;
  placedBalanceMinor: number;
  principalMinor: number;
  interestMinor: number;
  feesMinor: number;
  dueDate: string;
  chargeOffDate: string | null;
  placedAt: string;
  closedAt: string | null;
  openDispute: boolean;
  onHold: boolean;
}

const a = schema.accounts;
/** The account with its two facts in one query (a page of 200 is one round trip). */
export const apiAccountColumns = {
  ...getTableColumns(a),
  // Qualified by hand: drizzle renders a column of the selected table unqualified, which inside the
  // subquery would name the subquery's own column.
  openDispute: sql<boolean>`exists (select 1 from disputes d where d.account_id = "accounts"."id" and d.status = 'open')`,
  onHold: sql<boolean>`exists (select 1 from holds h where h.person_id = "accounts"."person_id" and h.released_at is null)`,
};
type ApiAccountRow = typeof a.$inferSelect & { openDispute: boolean; onHold: boolean };

export function toApiAccount(r: ApiAccountRow): ApiAccount {
  return {
    accountReference: r.clientReference, status: r.status, closeCode: r.closeCode, currency: r.currency,
    balanceMinor: Number(r.balanceMinor), placedBalanceMinor: Number(r.placedBalanceMinor), principalMinor: Number(r.principalMinor),
    interestMinor: Number(r.interestMinor), feesMinor: Number(r.feesMinor), dueDate: r.dueDate, chargeOffDate: r.chargeOffDate,
    placedAt: r.createdAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null, openDispute: Boolean(r.openDispute), onHold: Boolean(r.onHold),
  };
}

export async function readApiAccount(tx: DbOrTx, clientId: string, reference: string): Promise<ApiAccount> {
  const [row] = await tx.select(apiAccountColumns).from(a).where(and(eq(a.clientId, clientId), eq(a.clientReference, reference)));
  if (!row) throw new NotFoundError("account", reference);
  return toApiAccount(row);
}

export async function getApiAccount(ctx: DomainContext, reference: string): Promise<ApiAccount> {
  const { clientId } = requireApiClient(ctx.actor);
  return readApiAccount(ctx.db, clientId, reference);
}
