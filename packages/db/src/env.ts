import { z } from "zod";
import { parseEnv, type EnvSource } from "@casebook/config/env";

const DbEnv = z.object({
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// URL" }).default("postgres://postgres@127.0.0.1:5432/casebook"),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
});
export type DbEnv = z.infer<typeof DbEnv>;

export function readDbEnv(source: EnvSource = process.env): DbEnv {
  return parseEnv(DbEnv, source);
}
