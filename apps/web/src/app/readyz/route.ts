import { databaseReachable } from "@casebook/domain";
import { redisReachable } from "@casebook/jobs";
import { appInfra, appProducer } from "@/lib/infra";

export const dynamic = "force-dynamic";

/** Readiness: PostgreSQL and Redis answer within 2 s each; otherwise 503 and the load balancer waits. */
export async function GET() {
  const [db, redis] = await Promise.all([databaseReachable(appInfra().db), redisReachable(appProducer())]);
  return new Response(`database ${db ? "ok" : "unreachable"}\nredis ${redis ? "ok" : "unreachable"}\n`, {
    status: db && redis ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
