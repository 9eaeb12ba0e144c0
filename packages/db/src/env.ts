import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

const DbEnv = z.object({
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// URL" }).default("postgres://postgres@127.0.0.1:5432/casebook"),
  /** The owner role's login: migrations and the seed (packages/db/src/roles). Unset: DATABASE_URL. */
  DATABASE_OWNER_URL: z.url({ message: "DATABASE_OWNER_URL must be a postgres:// URL" }).optional(),
  /** A superuser login, only for creating the roles and databases (pnpm db:roles, tests). */
  DATABASE_ADMIN_URL: z.url({ message: "DATABASE_ADMIN_URL must be a postgres:// URL" }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Named prepared statements (postgres.js `prepare`): on for a direct connection; set `false` behind a
   *  pooler in transaction mode (pgbouncer `pool_mode = transaction`), where the next statement may run
   *  on another server connection that never saw the PREPARE. */
  DATABASE_PREPARE: z.stringbool().default(true),
});
export type DbEnv = z.infer<typeof DbEnv>;

export function readDbEnv(source: EnvSource = process.env): DbEnv {
  return parseEnv(DbEnv, source);
}
