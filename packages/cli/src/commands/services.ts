import type { Context } from "../context";
import { ensureDbRoles } from "../steps/db-roles";
import { loadEnv, urlParts } from "../steps/env-file";
import { ensurePgbouncer } from "../steps/pgbouncer";
import { ensurePostgres } from "../steps/postgres";
import { ensureRedis } from "../steps/redis";
import { checkNode, checkPnpm, ensureDeps } from "../steps/toolchain";

/** Only PostgreSQL, Redis, the database and its roles, and pgbouncer installed: what CI and the tests need. */
export async function services(ctx: Context): Promise<number> {
  checkNode(ctx);
  await checkPnpm(ctx, "install");
  await ensureDeps(ctx);
  loadEnv(ctx, true);
  await ensurePostgres(ctx);
  await ensureDbRoles(ctx);
  await ensureRedis(ctx);
  await ensurePgbouncer(ctx);
  ctx.out.ok(`services ready: DATABASE_URL=${urlParts(ctx.env.DATABASE_URL!).safe} REDIS_URL=${urlParts(ctx.env.REDIS_URL!).safe}`);
  return 0;
}
