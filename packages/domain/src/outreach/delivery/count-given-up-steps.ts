import { and, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import type { DomainContext } from "../../context";
import { ForbiddenError } from "../../errors";
import { parseInput } from "../../parse-input";

export const CountGivenUpSteps = z.object({
  /** Only steps given up at or after this instant (default: all). */
  since: z.coerce.date().optional(),
});
export type CountGivenUpSteps = z.input<typeof CountGivenUpSteps>;

export interface GivenUpSteps {
  total: number;
  /** Failed outright: nothing can have reached the provider. */
  failed: number;
  /** Waiting for the reconciler or a person: it may have been sent. */
  reconcile: number;
  byChannel: Record<string, number>;
}

/** Steps the worker gave up on after exhausting its retries: the figure a supervisor screen shows so
 *  outreach never goes silent unnoticed. Supervisors, compliance and admins only. */
export async function countGivenUpSteps(ctx: DomainContext, rawInput: CountGivenUpSteps = {}): Promise<GivenUpSteps> {
  const input = parseInput(CountGivenUpSteps, rawInput);
  if (ctx.actor.kind !== "system" && !(ctx.actor.kind === "user" && ctx.actor.role !== "agent")) throw new ForbiddenError();
  const rows = await ctx.db
    .select({ state: s.outreachSteps.state, channel: s.outreachSteps.channel, n: sql<number>`count(*)::int` })
    .from(s.outreachSteps)
    .where(and(eq(s.outreachSteps.reason, "retries_exhausted"), input.since ? gte(s.outreachSteps.updatedAt, input.since) : undefined))
    .groupBy(s.outreachSteps.state, s.outreachSteps.channel);
  const result: GivenUpSteps = { total: 0, failed: 0, reconcile: 0, byChannel: {} };
  for (const r of rows) {
    result.total += r.n;
    if (r.state === "failed") result.failed += r.n;
    if (r.state === "reconcile") result.reconcile += r.n;
    result.byChannel[r.channel] = (result.byChannel[r.channel] ?? 0) + r.n;
  }
  return result;
}
