import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { databaseReachable } from "@casebook/domain";
import { redisReachable } from "@casebook/jobs";
import type { Deps } from "./deps";
import type { WorkerMetrics } from "./metrics";

export interface HealthServer {
  server: Server;
  port: number;
  /** From now on /readyz answers 503 (the process is shutting down). */
  draining(): void;
  close(): Promise<void>;
}

/** A bearer token compared in constant time; no token configured: open (the port is internal). */
export function bearerAllowed(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The worker's small HTTP server (WORKER_HTTP_PORT): /healthz (liveness: the process and its event
 * loop answer), /readyz (PostgreSQL and Redis reachable, and not shutting down), /metrics
 * (Prometheus text; with METRICS_TOKEN set, only with `Authorization: Bearer <token>`).
 */
export async function startHealthServer(deps: Deps, metrics: WorkerMetrics, port: number, host: string): Promise<HealthServer> {
  let isDraining = false;
  const reply = (res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8") => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    res.end(body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "method not allowed\n");
    if (path === "/healthz") return reply(res, 200, "ok\n");
    if (path === "/readyz") {
      if (isDraining) return reply(res, 503, "draining\n");
      const [db, redis] = await Promise.all([databaseReachable(deps.db), redisReachable(deps.producer)]);
      return reply(res, db && redis ? 200 : 503, `database ${db ? "ok" : "unreachable"}\nredis ${redis ? "ok" : "unreachable"}\n`);
    }
    if (path === "/metrics") {
      if (!bearerAllowed(req.headers.authorization, deps.config.worker.METRICS_TOKEN)) return reply(res, 401, "unauthorized\n");
      return reply(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
    }
    return reply(res, 404, "not found\n");
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, "error\n"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    server,
    port: (server.address() as { port: number }).port,
    draining: () => void (isDraining = true),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
