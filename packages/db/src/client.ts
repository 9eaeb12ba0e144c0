import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { readDbEnv } from "./env";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
/** A transaction handle; domain verbs accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

export interface CreateDbOptions {
  url?: string;
  max?: number;
  /** Named prepared statements; default DATABASE_PREPARE (true). False behind a transaction-mode pooler. */
  prepare?: boolean;
  /** Called once per statement sent (postgres.js `debug`), with its text only (never the parameters):
   *  a query counter for tests (the hot path's statement count per batch) and for metrics. */
  onQuery?: (statement: string) => void;
}

export function createDb(options: CreateDbOptions = {}): DbHandle {
  const env = readDbEnv();
  const sql = postgres(options.url ?? env.DATABASE_URL, {
    max: options.max ?? env.DATABASE_POOL_MAX,
    prepare: options.prepare ?? env.DATABASE_PREPARE,
    onnotice: () => {},
    ...(options.onQuery ? { debug: (_connection: number, statement: string) => options.onQuery!(statement) } : {}),
  });
  const db = drizzle(sql, { schema, casing: "snake_case" });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
