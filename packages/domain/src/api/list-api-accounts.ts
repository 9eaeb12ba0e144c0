import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { requireApiClient } from "./api-client";
import { decodeCursor, encodeCursor, PageLimit } from "./cursor";
import { apiAccountColumns, toApiAccount, type ApiAccount } from "./get-api-account";

export const ListApiAccounts = z.object({
  status: z.enum(schema.accountStatus.enumValues).optional(),
  cursor: z.string().max(500).optional(),
  limit: PageLimit,
});
export type ListApiAccounts = z.input<typeof ListApiAccounts>;

/** A client's accounts by reference, a page at a time (keyset on the unique (client, reference) index). */
export async function listApiAccounts(ctx: DomainContext, input: ListApiAccounts): Promise<{ data: ApiAccount[]; nextCursor: string | null }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(ListApiAccounts, input);
  const after = decodeCursor(z.object({ r: z.string() }), p.cursor);
  const rows = await ctx.db.select(apiAccountColumns).from(schema.accounts)
    .where(and(eq(schema.accounts.clientId, clientId), p.status ? eq(schema.accounts.status, p.status) : undefined, after ? gt(schema.accounts.clientReference, after.r) : undefined))
    .orderBy(asc(schema.accounts.clientReference)).limit(p.limit + 1);
  const page = rows.slice(0, p.limit);
  return { data: page.map(toApiAccount), nextCursor: rows.length > p.limit ? encodeCursor({ r: page.at(-1)!.clientReference }) : null };
}
