import { canApt, type Context } from "../context";
import { aptInstall } from "./apt";

// The connection pooler in transaction mode the deployments put between many consoles and workers
// and PostgreSQL (infra/). Tests run one of their own (packages/db/src/testing/pgbouncer.ts) in front
// of their database, so the binary must be there; it is never started or configured here.
export const PGBOUNCER_PATHS = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];

export type PgbouncerPlan = { do: "found"; path: string } | { do: "install" } | { do: "warn" };

export function planPgbouncer(facts: { exists: (p: string) => boolean; onPath: boolean; canApt: boolean }): PgbouncerPlan {
  const path = PGBOUNCER_PATHS.find((p) => facts.exists(p)) ?? (facts.onPath ? "pgbouncer" : undefined);
  if (path) return { do: "found", path };
  return facts.canApt ? { do: "install" } : { do: "warn" };
}

export async function ensurePgbouncer(ctx: Context): Promise<void> {
  const plan = planPgbouncer({ exists: ctx.sys.fileExists, onPath: ctx.sys.have("pgbouncer"), canApt: canApt(ctx.sys) });
  switch (plan.do) {
    case "found":
      ctx.out.ok(`pgbouncer: ${plan.path}`);
      return;
    case "install":
      await aptInstall(ctx, ["pgbouncer"]);
      return;
    case "warn":
      ctx.out.warn("pgbouncer is not installed: the pooler tests (transaction mode) will be skipped");
      ctx.out.fix("install it: sudo apt-get install -y pgbouncer");
  }
}
