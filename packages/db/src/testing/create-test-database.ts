import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Db } from "../client";
import { readDbEnv } from "../env";
import { dropDatabase } from "../migrate";
import { ensureDatabaseRoles } from "../roles/ensure-roles";
import { quoteIdent } from "../roles/grants";
import { roleLoginUrl } from "./role-login-url";
import * as schema from "../schema";

export interface TestDatabase {
  /** postgres:// URL of the fresh database, logged in as its runtime role: what the app under test
   *  (a spawned worker, the console) is given as DATABASE_URL. */
  url: string;
  /** Its name: casebook_test_<random>. */
  name: string;
  /** The runtime role's connection: the grants the console and the worker have, and no more. */
  db: Db;
  sql: postgres.Sql;
  /** The owner role (migrations, the seed, DDL in tests). */
  ownerUrl: string;
  ownerSql: postgres.Sql;
  ownerDb: Db;
  /** Closes the clients, drops the database (WITH FORCE) and its two roles. Call it in afterAll. */
  drop: () => Promise<void>;
}

/** A fresh, migrated database `casebook_test_<random>` on the server of DATABASE_ADMIN_URL (else
 *  DATABASE_URL, a superuser's): tests never touch the `casebook` database, nor each other's.
 *  It has roles of its own, made by the same code as production's (`ensureDatabaseRoles`): an owner
 *  that migrates, and a runtime role the code under test connects as, so every test exercises the
 *  grants. Per-run roles, so parallel runs never change each other's passwords. */
export async function createTestDatabase(options: { serverUrl?: string; max?: number } = {}): Promise<TestDatabase> {
  const env = readDbEnv();
  const adminUrl = new URL(options.serverUrl ?? env.DATABASE_ADMIN_URL ?? env.DATABASE_URL);
  const suffix = randomBytes(6).toString("hex");
  const name = `casebook_test_${suffix}`;
  const ownerRole = `${name}_owner`;
  const runtimeRole = `${name}_app`;
  const ownerUrl = roleLoginUrl(adminUrl, ownerRole, name);
  const url = roleLoginUrl(adminUrl, runtimeRole, name);
  adminUrl.pathname = "/postgres";
  await ensureDatabaseRoles({ adminUrl: adminUrl.toString(), ownerUrl, runtimeUrl: url });
  const sql = postgres(url, { max: options.max ?? 5, onnotice: () => {} });
  const db = drizzle(sql, { schema, casing: "snake_case" });
  const ownerSql = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  const ownerDb = drizzle(ownerSql, { schema, casing: "snake_case" });
  let dropped = false;
  return {
    url,
    name,
    db,
    sql,
    ownerUrl,
    ownerSql,
    ownerDb,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await Promise.all([sql.end({ timeout: 5 }), ownerSql.end({ timeout: 5 })]);
      const admin = new URL(adminUrl);
      admin.pathname = `/${name}`;
      await dropDatabase(admin.toString());
      const server = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
      try {
        for (const role of [runtimeRole, ownerRole]) await server.unsafe(`drop role if exists ${quoteIdent(role)}`);
      } finally {
        await server.end({ timeout: 5 });
      }
    },
  };
}
