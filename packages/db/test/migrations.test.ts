import { afterAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { migrateDatabase } from "../src/migrate";
import * as schema from "../src/schema";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { createTestDatabase, type TestDatabase } from "../src/testing";

describe("migrations", () => {
  let t: TestDatabase | undefined;
  afterAll(async () => t?.drop());

  it("apply to an empty database and create every table of the schema", async () => {
    t = await createTestDatabase();
    const tables = (Object.values(schema) as unknown[])
      .filter((v): v is PgTable => is(v, PgTable))
      .map((table) => getTableConfig(table).name)
      .sort();
    const rows = await t.sql<{ tablename: string }[]>`select tablename from pg_tables where schemaname = 'public' order by 1`;
    expect(rows.map((r) => r.tablename)).toEqual(tables);
    const [trgm] = await t.sql`select 1 from pg_indexes where indexname = 'persons_full_name_trgm_idx'`;
    expect(trgm).toBeDefined();
  });

  it("are idempotent: a second run applies nothing and creates nothing", async () => {
    const before = await t!.ownerSql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const { created } = await migrateDatabase(t!.ownerUrl);
    expect(created).toBe(false);
    const after = await t!.ownerSql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("record one row per committed migration", async () => {
    const journal = (await import("../drizzle/meta/_journal.json", { with: { type: "json" } })).default;
    const sql = postgres(t!.ownerUrl, { max: 1 });
    const [row] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    await sql.end();
    expect(row!.n).toBe(journal.entries.length);
  });
});
