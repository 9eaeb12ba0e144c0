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
  /** Every statement of up to PREPARED_MAX_PARAMETERS parameters as a named prepared statement (when
   *  `prepare` is on), not only those drizzle was given a name for: see `preparedStatements`. */
  prepareAll?: boolean;
}

/** Statements with more parameters than this are left unnamed: their text varies with a row count
 *  (drizzle's multi-row `values`, `inArray`), and each variant would stay prepared on its connection. */
export const PREPARED_MAX_PARAMETERS = 16;

/**
 * drizzle runs every statement it was not given a name for (`.prepare("name")`) with postgres.js
 * `prepare: false`: an unnamed statement, which postgres.js sends as Parse + Describe, waits for the
 * parameter types, then Bind + Execute (two round trips), and which the server parses and plans anew
 * every time: on gated dispatch (issue 15) every statement of a batch but `begin` and `commit`. This
 * handle asks postgres.js to prepare them (one round trip, parsed once per connection, the plan cached
 * by the server); postgres.js's own `prepare: false` (behind a pooler in transaction mode) still wins
 * over it, and transactions and savepoints hand drizzle a client that does the same.
 */
function preparedStatements(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          (params?.length ?? 0) > PREPARED_MAX_PARAMETERS ? target.unsafe(query, params as never, options) : target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...args: unknown[]) => {
          const run = args.pop() as (client: postgres.Sql) => unknown;
          const open = (target as unknown as Record<typeof prop, (...a: unknown[]) => unknown>)[prop];
          return open(...args, (client: postgres.Sql) => run(preparedStatements(client)));
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

export function createDb(options: CreateDbOptions = {}): DbHandle {
  const env = readDbEnv();
  const prepare = options.prepare ?? env.DATABASE_PREPARE;
  const sql = postgres(options.url ?? env.DATABASE_URL, {
    max: options.max ?? env.DATABASE_POOL_MAX,
    prepare,
    onnotice: () => {},
    ...(options.onQuery ? { debug: (_connection: number, statement: string) => options.onQuery!(statement) } : {}),
  });
  const db = drizzle(prepare && options.prepareAll ? preparedStatements(sql) : sql, { schema, casing: "snake_case" });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
