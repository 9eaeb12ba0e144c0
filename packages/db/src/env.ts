import { z } from "zod";

const DbEnv = z.object({
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// URL" }).default("postgres://postgres@127.0.0.1:5432/casebook"),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
});
export type DbEnv = z.infer<typeof DbEnv>;

export function readDbEnv(source: Record<string, string | undefined> = process.env): DbEnv {
  const parsed = DbEnv.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
