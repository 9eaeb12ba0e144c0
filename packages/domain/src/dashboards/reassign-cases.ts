import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import type { DbOrTx } from "@casebook/db";
import { writeAudits } from "../audit";
import { BUCKETS } from "../cases/buckets";
import type { DomainContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { lockRows } from "../locks/lock-rows";
import { parseInput } from "../parse-input";
import { bucketSql } from "./rollup-sql";
import { teamScope } from "./team-scope";

/** One confirmation moves at most this many cases (a bigger move is several narrower ones). */
export const MAX_REASSIGN = 5_000;

const blank = (v: unknown) => (v === "" ? undefined : v);
export const ReassignFilter = z.object({
  teamId: z.preprocess(blank, z.uuid().optional()),
  clientId: z.preprocess(blank, z.uuid().optional()),
  strategyId: z.preprocess(blank, z.union([z.uuid(), z.literal("none")]).optional()),
  bucket: z.preprocess(blank, z.enum(BUCKETS).optional()),
  status: z.preprocess(blank, z.enum(["open", "closed"]).default("open")),
  /** The current agent, or "none" for unassigned cases. */
  ownerUserId: z.preprocess(blank, z.union([z.uuid(), z.literal("none")]).optional()),
  /** The agent the cases go to. */
  toUserId: z.uuid(),
});
export type ReassignFilter = z.input<typeof ReassignFilter>;
export const ReassignCases = ReassignFilter.extend({
  /** The count the supervisor confirmed: if the filter now matches another number, nothing moves. */
  expectedCount: z.coerce.number().int().min(1),
});
export type ReassignCases = z.input<typeof ReassignCases>;

export interface ReassignPreview {
  count: number;
  target: { userId: string; name: string; teamId: string };
  /** Where the cases are now, by current agent (null: unassigned). */
  byOwner: Array<{ userId: string | null; name: string | null; cases: number }>;
}

type Parsed = z.output<typeof ReassignFilter>;

/** Cases of the scope matching the filter, not already the target's, ids sorted (the lock order). */
function matching(p: Parsed, teamId: string | null, now: Date, opts: { ids?: string[] } = {}): SQL {
  const today = DateTime.fromJSDate(now, { zone: "UTC" }).toISODate()!;
  const where: SQL[] = [sql`c.status = ${p.status}`, sql`c.owner_user_id is distinct from ${p.toUserId}::uuid`];
  if (teamId) where.push(sql`c.team_id = ${teamId}::uuid`);
  if (p.clientId) where.push(sql`c.client_id = ${p.clientId}::uuid`);
  if (p.strategyId) where.push(p.strategyId === "none" ? sql`c.strategy_id is null` : sql`c.strategy_id = ${p.strategyId}::uuid`);
  if (p.ownerUserId) where.push(p.ownerUserId === "none" ? sql`c.owner_user_id is null` : sql`c.owner_user_id = ${p.ownerUserId}::uuid`);
  if (p.bucket) {
    where.push(sql`${bucketSql(sql`${today}::date`, sql`(select min(a.due_date) from accounts a where a.case_id = c.id)`)} = ${p.bucket}`);
  }
  if (opts.ids) where.push(sql`c.id in (${sql.join(opts.ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return sql`select c.id, c.owner_user_id, c.team_id from cases c where ${sql.join(where, sql` and `)} order by c.id`;
}

/** The target: an active agent who is a member of the scope's team (user_teams), and the cases stay in
 *  that team; an admin without a team scope may move cases to any agent, into the agent's primary team. */
async function target(db: DbOrTx, toUserId: string, teamId: string | null) {
  const [u] = await db.execute<{ id: string; name: string; team_id: string | null; member: boolean }>(sql`
    select id, name, team_id,
      exists (select 1 from user_teams ut where ut.user_id = users.id and ut.team_id = ${teamId}::uuid) as member
    from users where id = ${toUserId}::uuid and role = 'agent' and active`);
  if (!u || !u.team_id || (teamId && !u.member)) throw new ValidationError("toUserId", "reassign_target_not_agent");
  return { userId: u.id, name: u.name, teamId: teamId ?? u.team_id };
}

/** What a bulk reassignment would move: the count to confirm, by current agent. No personal data. */
export async function previewReassignment(ctx: DomainContext, input: ReassignFilter): Promise<ReassignPreview> {
  const p = parseInput(ReassignFilter, input);
  const { teamId } = teamScope(ctx.actor, p.teamId);
  const to = await target(ctx.db, p.toUserId, teamId);
  const rows = await ctx.db.execute<{ owner: string | null; name: string | null; n: number }>(sql`
    with m as (${matching(p, teamId, ctx.now)})
    select m.owner_user_id as owner, u.name, count(*)::int as n from m left join users u on u.id = m.owner_user_id
    group by 1, 2 order by 3 desc`);
  return {
    count: rows.reduce((s, r) => s + Number(r.n), 0),
    target: to,
    byOwner: rows.map((r) => ({ userId: r.owner, name: r.name, cases: Number(r.n) })),
  };
}

/**
 * Moves every case matching the filter to the target agent (and the agent's team), if the filter still
 * matches exactly the count the supervisor confirmed. The cases are locked through the lock helper and
 * the filter re-checked under the lock; each moved case gets its own `case.reassign` audit event
 * (from/to agent and team, and the batch id that ties the move together).
 */
export async function reassignCases(ctx: DomainContext, input: ReassignCases): Promise<{ moved: number; batchId: string; caseIds: string[] }> {
  const p = parseInput(ReassignCases, input);
  const { actor, teamId } = teamScope(ctx.actor, p.teamId);
  if (p.expectedCount > MAX_REASSIGN) throw new ValidationError("expectedCount", "reassign_too_many", { maximum: MAX_REASSIGN });
  return ctx.db.transaction(async (tx) => {
    const to = await target(tx, p.toUserId, teamId);
    const seen = await tx.execute<{ id: string }>(matching(p, teamId, ctx.now));
    if (seen.length === 0) throw new ConflictError("reassign_nothing");
    if (seen.length !== p.expectedCount) throw new ConflictError("reassign_count_changed", { expected: p.expectedCount, actual: seen.length });
    const ids = seen.map((r) => r.id);
    await lockRows(tx, { cases: ids });
    // Under the lock: a case changed by someone else meanwhile no longer matches, and then nothing moves.
    const locked = await tx.execute<{ id: string; owner_user_id: string | null; team_id: string }>(matching(p, teamId, ctx.now, { ids }));
    if (locked.length !== p.expectedCount) throw new ConflictError("reassign_count_changed", { expected: p.expectedCount, actual: locked.length });
    await tx.execute(sql`update cases set owner_user_id = ${to.userId}::uuid, team_id = ${to.teamId}::uuid
      where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
    const batchId = randomUUID();
    await writeAudits(tx, actor, locked.map((c) => ({
      action: "case.reassign", entityType: "case", entityId: c.id, caseId: c.id,
      details: { batchId, fromUserId: c.owner_user_id, toUserId: to.userId, fromTeamId: c.team_id, toTeamId: to.teamId, count: ids.length },
    })), ctx.now);
    return { moved: ids.length, batchId, caseIds: ids };
  });
}
