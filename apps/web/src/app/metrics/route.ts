import { env } from "@/env";
import { appMetrics, metricsAllowed } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/** Prometheus text format, for a scraper holding METRICS_TOKEN; without one configured, not here (404). */
export async function GET(request: Request) {
  if (!env.METRICS_TOKEN) return new Response("not found\n", { status: 404 });
  if (!metricsAllowed(request.headers.get("authorization"), env.METRICS_TOKEN)) return new Response("unauthorized\n", { status: 401, headers: { "www-authenticate": "Bearer" } });
  const registry = appMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
