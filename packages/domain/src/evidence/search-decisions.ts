import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { COMPLIANCE_ROLES, requireDashboardRole } from "../dashboards/dashboard-access";
import { toDate } from "../cases/sql-values";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date_format");

export const SearchDecisions = z.object({
  /** A person's id, or part of their name (trigram index on persons.full_name). */
  person: z.preprocess(blank, z.string().trim().min(2).max(100).optional()),
  caseId: z.preprocess(blank, z.uuid().optional()),
  /** The client's account reference, exactly as on the placement file. */
  accountReference: z.preprocess(blank, z.string().trim().max(100).optional()),
  rule: z.preprocess(blank, z.string().trim().regex(/^[A-Z0-9-]+$/, "rule_id_format").max(60).optional()),
  outcome: z.preprocess(blank, z.enum(["allow", "defer", "block"]).optional()),
  channel: z.preprocess(blank, z.enum(["call", "voicemail", "sms", "email", "letter", "visit"]).optional()),
  from: z.preprocess(blank, isoDate.optional()),
  to: z.preprocess(blank, isoDate.optional()),
  /** Keyset cursor: "<evaluatedAt ISO>~<id>" of the last row shown. */
  after: z.preprocess(blank, z.string().regex(/^[0-9T:.\-+Z]+~[0-9a-f-]{36}$/, "invalid_cursor").optional()),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SearchDecisions = z.input<typeof SearchDecisions>;

export interface DecisionRow {
  id: string;
  evaluatedAt: Date;
  caseId: string;
  personId: string;
  personName: string;
  channel: string;
  ruleSet: string;
  decision: "allow" | "defer" | "block";
  rules: string[];
  purpose: string | null;
}
export interface DecisionPage {
  rows: DecisionRow[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The compliance officer's decision log: every gate decision, newest first, by person, case,
 *  account reference, rule id, outcome, channel and date. Names are personal data: audited. */
export async function searchDecisions(ctx: DomainContext, input: SearchDecisions): Promise<DecisionPage> {
  const actor = requireDashboardRole(ctx.actor, ...COMPLIANCE_ROLES);
  const f = parseInput(SearchDecisions, input);
  const where: SQL[] = [sql`true`];
  if (f.person) {
    where.push(UUID.test(f.person) ? sql`d.person_id = ${f.person}::uuid`
      : sql`d.person_id in (select id from persons where lower(full_name) like ${`%${f.person.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`})`);
  }
  if (f.caseId) where.push(sql`d.case_id = ${f.caseId}::uuid`);
  if (f.accountReference) where.push(sql`d.case_id in (select case_id from accounts where client_reference = ${f.accountReference})`);
  if (f.rule) where.push(sql`d.results @> ${JSON.stringify([{ rule: f.rule }])}::jsonb`);
  if (f.outcome) where.push(sql`d.decision = ${f.outcome}`);
  if (f.channel) where.push(sql`d.channel = ${f.channel}`);
  if (f.from) where.push(sql`d.evaluated_at >= ${f.from}::date`);
  if (f.to) where.push(sql`d.evaluated_at < ${f.to}::date + 1`);
  if (f.after) {
    const [at, id] = f.after.split("~");
    where.push(sql`(d.evaluated_at, d.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select d.id, d.evaluated_at, d.case_id, d.person_id, p.full_name, d.channel, d.rule_set, d.decision,
      coalesce((select array_agg(r ->> 'rule') from jsonb_array_elements(d.results) r), '{}') as rules, d.request -> 'proposed' ->> 'purpose' as purpose
    from compliance_decisions d join persons p on p.id = d.person_id
    where ${sql.join(where, sql` and `)}
    order by d.evaluated_at desc, d.id desc
    limit ${f.limit + 1}`);
  const page = rows.slice(0, f.limit).map((r) => ({
    id: String(r.id), evaluatedAt: toDate(r.evaluated_at)!, caseId: String(r.case_id), personId: String(r.person_id), personName: String(r.full_name),
    channel: String(r.channel), ruleSet: String(r.rule_set), decision: r.decision as DecisionRow["decision"],
    rules: (r.rules as string[] | null) ?? [], purpose: (r.purpose as string | null) ?? null,
  }));
  if (page.length > 0) {
    await writeAudit(ctx.db, actor, {
      action: "decision.search", entityType: "compliance_decision", entityId: "search",
      details: { filters: { ...f, limit: undefined, person: f.person && !UUID.test(f.person) ? "(name)" : f.person }, personIds: [...new Set(page.map((r) => r.personId))] },
    }, ctx.now);
  }
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > f.limit && last ? `${last.evaluatedAt.toISOString()}~${last.id}` : null };
}
