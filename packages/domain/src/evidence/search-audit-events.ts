import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { COMPLIANCE_ROLES, requireDashboardRole } from "../dashboards/dashboard-access";
import { toDate } from "../cases/sql-values";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date_format");

export const SearchAuditEvents = z.object({
  /** Part of the actor's label (a user's email, "system:outreach-worker"...). */
  actor: z.preprocess(blank, z.string().trim().max(200).optional()),
  /** An action or its prefix: "case.view", "evidence.", "contact.block". */
  action: z.preprocess(blank, z.string().trim().regex(/^[a-z_.-]+$/, "audit_action_format").max(60).optional()),
  personId: z.preprocess(blank, z.uuid().optional()),
  caseId: z.preprocess(blank, z.uuid().optional()),
  entityId: z.preprocess(blank, z.string().trim().max(200).optional()),
  from: z.preprocess(blank, isoDate.optional()),
  to: z.preprocess(blank, isoDate.optional()),
  /** Keyset cursor: the id of the last row shown (ids grow with time). */
  before: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  /** "view" (the screen) or "export" (for a regulator): the audit of the audit says which. */
  purpose: z.enum(["view", "export"]).default("view"),
});
export type SearchAuditEvents = z.input<typeof SearchAuditEvents>;

export interface AuditRow {
  id: number;
  at: Date;
  actorKind: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  personId: string | null;
  caseId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** Who saw or changed what, newest first. Reading the audit log is itself audited (filters only). */
export async function searchAuditEvents(ctx: DomainContext, input: SearchAuditEvents): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const actor = requireDashboardRole(ctx.actor, ...COMPLIANCE_ROLES);
  const f = parseInput(SearchAuditEvents, input);
  const where: SQL[] = [sql`true`];
  if (f.actor) where.push(sql`e.actor_label ilike ${`%${f.actor.replace(/[%_\\]/g, (m) => `\\${m}`)}%`}`);
  if (f.action) where.push(f.action.endsWith(".") ? sql`e.action like ${`${f.action}%`}` : sql`e.action = ${f.action}`);
  if (f.personId) where.push(sql`e.person_id = ${f.personId}::uuid`);
  if (f.caseId) where.push(sql`e.case_id = ${f.caseId}::uuid`);
  if (f.entityId) where.push(sql`e.entity_id = ${f.entityId}`);
  if (f.from) where.push(sql`e.at >= ${f.from}::date`);
  if (f.to) where.push(sql`e.at < ${f.to}::date + 1`);
  if (f.before) where.push(sql`e.id < ${f.before}`);
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select * from audit_events e where ${sql.join(where, sql` and `)} order by e.id desc limit ${f.limit + 1}`);
  const page: AuditRow[] = rows.slice(0, f.limit).map((r) => ({
    id: Number(r.id), at: toDate(r.at)!, actorKind: String(r.actor_kind), actorLabel: String(r.actor_label), action: String(r.action),
    entityType: String(r.entity_type), entityId: String(r.entity_id), personId: (r.person_id as string | null) ?? null, caseId: (r.case_id as string | null) ?? null,
    details: (r.details as Record<string, unknown>) ?? {}, ip: (r.ip as string | null) ?? null,
  }));
  await writeAudit(ctx.db, actor, {
    action: f.purpose === "export" ? "audit.export" : "audit.search", entityType: "audit_events", entityId: "search",
    details: { filters: { ...f, limit: undefined, purpose: undefined }, rows: page.length },
  }, ctx.now);
  return { rows: page, nextBefore: rows.length > f.limit ? page.at(-1)!.id : null };
}
