import { sql } from "drizzle-orm";
import type { DbOrTx } from "@casebook/db";

/**
 * The gate's serialisation point: every contact decision about a person holds this row lock from
 * reading the ledger window until its claim commits, so two workers can never both see "6 calls"
 * and both place the 7th. Ids are locked in a fixed order so two gates never deadlock.
 * Lock order everywhere in outreach: persons → cases → outreach_steps.
 */
export async function lockPersons(tx: DbOrTx, personIds: string[]): Promise<void> {
  const ids = [...new Set(personIds)].sort();
  if (ids.length === 0) return;
  await tx.execute(sql`select id from persons where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) order by id for update`);
}
