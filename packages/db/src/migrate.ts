import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { applyRuntimeGrants } from "./roles/grants";

/** The committed migrations (drizzle-kit generate + the custom append-only/search SQL). */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The database name of a postgres:// URL, and a URL to the server's maintenance database. */
export function splitDatabaseUrl(url: string): { database: string; adminUrl: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database) throw new Error("DATABASE_URL names no database");
  parsed.pathname = "/postgres";
  return { database, adminUrl: parsed.toString() };
}

/** Creates the database named by `url` if it does not exist yet; true when it was created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { database, adminUrl } = splitDatabaseUrl(url);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${database}`;
    if (found.length > 0) return false;
    try {
      await admin.unsafe(`create database ${quoteIdent(database)}`);
      return true;
    } catch (error) {
      // Another process created it between our check and our create (42P04 duplicate_database).
      if ((error as { code?: string }).code === "42P04") return false;
      throw error;
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Drops a database, closing other sessions on it (PostgreSQL 13+ FORCE). */
export async function dropDatabase(url: string): Promise<void> {
  const { database, adminUrl } = splitDatabaseUrl(url);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${quoteIdent(database)} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Creates the database if needed, then applies every committed migration not applied yet. With a
 *  runtime role (the URL being the owner's), re-applies that role's grants to the tables as they now
 *  are: a table a migration just added is covered before the app ever sees it. */
export async function migrateDatabase(url: string, options: { runtimeRole?: string } = {}): Promise<{ created: boolean }> {
  const created = await ensureDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql, { casing: "snake_case" }), { migrationsFolder });
    if (options.runtimeRole) await applyRuntimeGrants(sql, options.runtimeRole);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { created };
}
