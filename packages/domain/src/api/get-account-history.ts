import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireApiClient } from "./api-client";
import { loadClientAccount } from "./client-account";
import { decodeCursor, encodeCursor, PageLimit } from "./cursor";

export const GetAccountHistory = z.object({
  accountReference: z.string().min(1).max(100),
  cursor: z.string().max(500).optional(),
  limit: PageLimit,
});
export type GetAccountHistory = z.input<typeof GetAccountHistory>;

export interface AccountHistoryEntry { at: string; id: string; kind: string; data: Record<string, unknown> }

/**
 * An account's history for its client, newest first: placed, balance adjusted, payments and their
 * reversals, disputes, holds on the debtor, closed. Facts a client may know (amounts, statuses, kinds),
 * never a note or a contact detail. Keyset paging on (at, id) over the union.
 */
export async function getAccountHistory(ctx: DomainContext, input: GetAccountHistory): Promise<{ data: AccountHistoryEntry[]; nextCursor: string | null }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(GetAccountHistory, input);
  const after = decodeCursor(z.object({ at: z.string().max(40), id: z.string().max(80) }), p.cursor);
  const a = await loadClientAccount(ctx.db, clientId, p.accountReference);
  const rows = (await ctx.db.execute(sql`
    select at, at::text as at_key, id, kind, data from (
      select a.created_at as at, a.id::text as id, 'account.placed' as kind, jsonb_build_object('balanceMinor', a.placed_balance_minor, 'currency', a.currency) as data
        from accounts a where a.id = ${a.id}
      union all
      select a.closed_at, a.id::text || ':closed', 'account.closed', jsonb_build_object('status', a.status, 'closeCode', a.close_code)
        from accounts a where a.id = ${a.id} and a.closed_at is not null
      union all
      select b.at, b.id::text, 'balance.adjusted', jsonb_build_object('fromMinor', b.from_minor, 'toMinor', b.to_minor, 'deltaMinor', b.delta_minor, 'source', b.source)
        from balance_adjustments b where b.account_id = ${a.id}
      union all
      select p.received_at, p.id::text, 'payment.posted', jsonb_build_object('paymentId', p.id, 'amountMinor', pa.amount_minor, 'paymentAmountMinor', p.amount_minor, 'method', p.method, 'reference', p.reference)
        from payment_allocations pa join payments p on p.id = pa.payment_id where pa.account_id = ${a.id}
      union all
      select p.reversed_at, p.id::text || ':reversed', 'payment.reversed', jsonb_build_object('paymentId', p.id, 'amountMinor', pa.amount_minor, 'reason', p.reversal_reason)
        from payment_allocations pa join payments p on p.id = pa.payment_id where pa.account_id = ${a.id} and p.reversed_at is not null
      union all
      select d.opened_at, d.id::text, 'dispute.opened', jsonb_build_object('disputeId', d.id, 'ground', d.ground, 'status', d.status)
        from disputes d where d.account_id = ${a.id}
      union all
      select h.placed_at, h.id::text, 'hold.placed', jsonb_build_object('holdId', h.id, 'kind', h.kind) from holds h where h.person_id = ${a.personId}
      union all
      select h.released_at, h.id::text || ':released', 'hold.released', jsonb_build_object('holdId', h.id, 'kind', h.kind) from holds h where h.person_id = ${a.personId} and h.released_at is not null
    ) h
    where ${after ? sql`(at, id) < (${after.at}::timestamptz, ${after.id})` : sql`true`}
    order by at desc, id desc limit ${p.limit + 1}`)) as unknown as Array<{ at: Date | string; at_key: string; id: string; kind: string; data: Record<string, unknown> }>;
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  // The cursor keeps the database's microseconds (an ISO string keeps milliseconds, and would repeat or skip rows).
  return {
    data: page.map((r) => ({ at: new Date(r.at).toISOString(), id: r.id, kind: r.kind, data: r.data })),
    nextCursor: rows.length > p.limit && last ? encodeCursor({ at: last.at_key, id: last.id }) : null,
  };
}
