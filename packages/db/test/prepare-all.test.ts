import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, PREPARED_MAX_PARAMETERS, type DbHandle } from "../src/client";
import { auditEvents } from "../src/schema";
import { createTestDatabase, type TestDatabase } from "../src/testing";

// Issue 15: drizzle sends every statement it was not given a name for as an unnamed one (parsed and
// planned anew each time, two round trips in postgres.js). `prepareAll` makes them named prepared
// statements, in transactions and savepoints too, unless postgres.js's own `prepare` is off (a
// pooler in transaction mode) or the statement has more parameters than a fixed shape would.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

/** The statements prepared on the handle's one connection after a plain query, a transaction's and a
 *  savepoint's, and a statement with many parameters. */
async function preparedAfterWork(h: DbHandle): Promise<string[]> {
  await h.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "plain"));
  await h.db.transaction(async (tx) => {
    await tx.execute(sql`select ${"in a transaction"}::text as x`);
    await tx.transaction(async (sp) => {
      await sp.execute(sql`select ${"in a savepoint"}::text as x`);
    });
  });
  const many = Array.from({ length: PREPARED_MAX_PARAMETERS + 1 }, (_, i) => sql`${i}::int`);
  await h.db.execute(sql`select ${"many"}::text as tag, array[${sql.join(many, sql`, `)}] as xs`);
  const rows = await h.db.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
  return rows.map((r) => r.statement);
}

describe("createDb prepareAll", () => {
  it("prepares drizzle's statements, inside transactions and savepoints too, but not those with many parameters", async () => {
    const h = createDb({ url: t.url, max: 1, prepare: true, prepareAll: true });
    try {
      const statements = await preparedAfterWork(h);
      expect(statements.some((st) => st.includes(`"action" = $1`))).toBe(true);
      expect(statements.some((st) => st.includes("as x"))).toBe(true);
      expect(statements.filter((st) => st.includes("as x"))).toHaveLength(1); // the transaction's and the savepoint's text is one statement
      expect(statements.some((st) => st.includes("as tag"))).toBe(false);
    } finally {
      await h.close();
    }
  });

  it("prepares nothing of drizzle's without it, nor with it when postgres.js's prepare is off (pooler in transaction mode)", async () => {
    for (const options of [{ prepare: true }, { prepare: false, prepareAll: true }]) {
      const h = createDb({ url: t.url, max: 1, ...options });
      try {
        const statements = await preparedAfterWork(h);
        expect(statements.filter((st) => st.includes(`"action" = $1`) || st.includes("as x") || st.includes("as tag"))).toEqual([]);
      } finally {
        await h.close();
      }
    }
  });
});
