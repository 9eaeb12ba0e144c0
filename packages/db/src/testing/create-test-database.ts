import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Db } from "../client";
import { readDbEnv } from "../env";
import { dropDatabase, migrateDatabase } from "../migrate";
import * as schema from "../schema";

export interface TestDatabase {
  /** postgres:// URL of the fresh database. */
  url: string;
  /** Its name: casebook_test_<random>. */
  name: string;
  db: Db;
  sql: postgres.Sql;
  /** Closes the clients and drops the database (WITH FORCE). Call it in afterAll. */
  drop: () => Promise<void>;
}

/** A fresh, migrated database `casebook_test_<random>` on the server of DATABASE_URL: tests never
 *  touch the `casebook` database, nor each other's. */
export async function createTestDatabase(options: { serverUrl?: string; max?: number } = {}): Promise<TestDatabase> {
  const serverUrl = new URL(options.serverUrl ?? readDbEnv().DATABASE_URL);
  const name = `casebook_test_${randomBytes(6).toString("hex")}`;
  serverUrl.pathname = `/${name}`;
  const url = serverUrl.toString();
  await migrateDatabase(url);
  const sql = postgres(url, { max: options.max ?? 5, onnotice: () => {} });
  const db = drizzle(sql, { schema, casing: "snake_case" });
  let dropped = false;
  return {
    url,
    name,
    db,
    sql,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await sql.end({ timeout: 5 });
      await dropDatabase(url);
    },
  };
}
