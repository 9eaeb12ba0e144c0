import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { BUCKETS, bucketDueRange, bucketOf, daysPastDue, type Bucket } from "../cases/buckets";
import { toDate, toDateString } from "../cases/sql-values";
import { actorTeamIds, isTeamBound } from "../cases/case-access";
import { WORKABLE_ACCOUNT_STATUSES, WORKABLE_ACCOUNT_STATUSES_SQL } from "../cases/account-status";

const Cursor = z.string().regex(/^-?\d+~[0-9a-f-]{36}$/, "invalid_cursor");

export const ListQueue = z.object({
  bucket: z.enum(BUCKETS).optional(),
  /** Only statuses a case in the queue can have (WORKABLE_ACCOUNT_STATUSES): the filter's label and its cases agree. */
  status: z.enum(WORKABLE_ACCOUNT_STATUSES).optional(),
  clientId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  after: Cursor.optional(),
  before: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQueue = z.input<typeof ListQueue>;

export interface QueueRow {
  caseId: string;
  priorityScore: number;
  priorityReason: string;
  personName: string;
  clientId: string;
  clientName: string;
  balanceMinor: number;
  currency: string;
  dpd: number;
  bucket: Bucket;
  statuses: string[];
  references: string[];
  timeZone: string | null;
  callbackAt: Date | null;
  cursor: string;
}

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export const encodeCursor = (score: number, id: string) => `${score}~${id}`;
function decodeCursor(c: string): { score: number; id: string } {
  const [score, id] = c.split("~");
  return { score: Number(score), id: id! };
}

/**
 * What the queue may offer at all (issue 11): an open case outside legal, with at least one account in a
 * workable status (not legal, recalled, closed, paid or settled), no active hold on the person, and at
 * least one valid contact point with a channel the person has not opted out of. A case every channel of
 * which is blocked is not work; it waits for its hold, dispute or opt-out to change.
 */
export const workableFilter = sql`c.status = 'open' and c.queue <> 'legal'
  and exists (select 1 from accounts wa where wa.case_id = c.id and wa.status in (${WORKABLE_ACCOUNT_STATUSES_SQL}))
  and not exists (select 1 from holds wh where wh.person_id = c.person_id and wh.released_at is null)
  and exists (select 1 from contact_points wc
    cross join lateral unnest(case wc.kind when 'phone' then array['call', 'sms'] when 'email' then array['email'] else array['letter'] end) as ch(channel)
    where wc.person_id = c.person_id and wc.status = 'valid'
      and not exists (select 1 from opt_outs wo where wo.person_id = c.person_id and wo.revoked_at is null
        and wo.channel::text = ch.channel and (wo.contact_point_id is null or wo.contact_point_id = wc.id)))`;

/** The actor's scope: an agent (or an admin) sees their teams' queues only (issues 5, 10; every team they
 *  belong to, issue 14), others see every team. */
export function scopeFilter(ctx: DomainContext): SQL {
  const a = ctx.actor;
  if (isTeamBound(a)) {
    const teams = actorTeamIds(a);
    if (teams.length === 0) return sql`false`;
    // One team: the plain equality the queue index serves best.
    return teams.length === 1 ? sql`c.team_id = ${teams[0]}` : sql`c.team_id = any(${`{${teams.join(",")}}`}::uuid[])`;
  }
  if (a.kind === "user" || a.kind === "system") return sql`true`;
  return sql`false`;
}

/**
 * Keyset paging on (priority_score desc, id asc): the order of cases_team_queue_priority_idx, so a page
 * costs the same on page 1 and page 2,000 of a 100,000-case book.
 */
export async function listQueue(ctx: DomainContext, input: ListQueue): Promise<QueuePage> {
  const p = parseInput(ListQueue, input);
  const where: SQL[] = [workableFilter, scopeFilter(ctx)];
  if (p.clientId) where.push(sql`c.client_id = ${p.clientId}`);
  if (p.status) where.push(sql`exists (select 1 from accounts a2 where a2.case_id = c.id and a2.status = ${p.status})`);
  if (p.bucket) {
    const r = bucketDueRange(p.bucket, ctx.now);
    if (r.from) where.push(sql`ag.min_due >= ${r.from}::date`);
    if (r.to) where.push(sql`ag.min_due <= ${r.to}::date`);
  }
  if (p.q) {
    const q = p.q;
    const digits = q.replace(/[^\d]/g, "");
    if (/^[+\d\s().-]{6,}$/.test(q) && digits.length >= 6) {
      const candidates = [q.replace(/[\s().-]/g, ""), `+${digits}`, `+1${digits}`, `+86${digits}`];
      where.push(sql`(c.person_id in (select cp.person_id from contact_points cp where cp.value = any(${`{${candidates.join(",")}}`}::text[]))
        or c.id in (select a3.case_id from accounts a3 where a3.client_reference = ${q}))`);
    } else {
      const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      // persons_full_name_trgm_idx answers the name match as a set; the queue order then filters by it.
      where.push(sql`(c.person_id in (select p2.id from persons p2 where lower(p2.full_name) like ${like.toLowerCase()})
        or c.id in (select a3.case_id from accounts a3 where a3.client_reference = ${q}))`);
    }
  }
  const backwards = !!p.before && !p.after;
  const cursor = p.after ?? p.before;
  if (cursor) {
    const { score, id } = decodeCursor(cursor);
    // The bound on priority_score alone is an index condition (the scan starts at the cursor, so page
    // 2,000 costs what page 2 costs); the id only breaks ties within the cursor's score.
    where.push(backwards
      ? sql`c.priority_score >= ${score} and (c.priority_score > ${score} or c.id < ${id})`
      : sql`c.priority_score <= ${score} and (c.priority_score < ${score} or c.id > ${id})`);
  }
  // NULLS LAST/FIRST as in cases_team_queue_priority_idx (priority_score is NOT NULL, so the order is the
  // same): without it Postgres cannot walk the index and sorts the whole team instead.
  const order = backwards ? sql`c.priority_score asc nulls first, c.id desc` : sql`c.priority_score desc nulls last, c.id asc`;
  const rows = await ctx.db.execute(sql`
    select c.id, c.priority_score, c.priority_reason, c.client_id, cl.name as client_name, p.full_name, p.time_zones[1] as tz,
      c.callback_at, ag.balance, ag.currency, ag.min_due, ag.statuses, ag.refs
    from cases c
    join persons p on p.id = c.person_id
    join clients cl on cl.id = c.client_id
    cross join lateral (
      select coalesce(sum(a.balance_minor), 0)::bigint as balance, min(a.currency) as currency, min(a.due_date) as min_due,
        array_agg(distinct a.status::text) as statuses, array_agg(a.client_reference) as refs
      from accounts a where a.case_id = c.id
    ) ag
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${p.limit + 1}`);
  const list = [...rows] as Array<Record<string, unknown>>;
  const hasMore = list.length > p.limit;
  const page = list.slice(0, p.limit);
  if (backwards) page.reverse();
  const out: QueueRow[] = page.map((r) => {
    const minDue = toDateString(r.min_due);
    const dpd = minDue ? daysPastDue(minDue, ctx.now, (r.tz as string | null) ?? "UTC") : 0;
    return {
      caseId: r.id as string,
      priorityScore: Number(r.priority_score),
      priorityReason: r.priority_reason as string,
      personName: r.full_name as string,
      clientId: r.client_id as string,
      clientName: r.client_name as string,
      balanceMinor: Number(r.balance),
      currency: (r.currency as string | null) ?? "USD",
      dpd,
      bucket: bucketOf(dpd),
      statuses: (r.statuses as string[] | null) ?? [],
      references: (r.refs as string[] | null) ?? [],
      timeZone: (r.tz as string | null) ?? null,
      callbackAt: toDate(r.callback_at),
      cursor: encodeCursor(Number(r.priority_score), r.id as string),
    };
  });
  const first = out[0];
  const last = out[out.length - 1];
  return {
    rows: out,
    nextCursor: (backwards ? !!cursor : hasMore) && last ? last.cursor : null,
    prevCursor: (backwards ? hasMore : !!cursor) && first ? first.cursor : null,
  };
}
