import { sql } from "drizzle-orm";
import type { DomainContext } from "../context";
import { loadCaseForActor } from "../cases/case-access";
import { scopeFilter, workableFilter } from "./list-queue";

/** The cases just above and below this one in the actor's queue, for next/previous on the case screen. */
export async function getQueueNeighbours(ctx: DomainContext, caseId: string): Promise<{ prev: string | null; next: string | null }> {
  const c = await loadCaseForActor(ctx.db, ctx.actor, caseId);
  const s = c.priorityScore;
  const scope = scopeFilter(ctx);
  const [prev] = await ctx.db.execute(sql`select c.id from cases c where ${workableFilter} and ${scope}
    and c.priority_score >= ${s} and (c.priority_score > ${s} or c.id < ${c.id}) order by c.priority_score asc nulls first, c.id desc limit 1`);
  const [next] = await ctx.db.execute(sql`select c.id from cases c where ${workableFilter} and ${scope}
    and c.priority_score <= ${s} and (c.priority_score < ${s} or c.id > ${c.id}) order by c.priority_score desc nulls last, c.id asc limit 1`);
  return { prev: (prev?.id as string | undefined) ?? null, next: (next?.id as string | undefined) ?? null };
}
