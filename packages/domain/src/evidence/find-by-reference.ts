import { sql } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { COMPLIANCE_ROLES, requireDashboardRole } from "../dashboards/dashboard-access";
import { toDate } from "../cases/sql-values";

export const FindByReference = z.object({
  /** As the debtor reads it from a message or letter: spaces and dashes ignored, any case (codes are
   *  stored upper-case, so the unique index answers). */
  code: z.string().trim().min(4).max(40).transform((s) => s.replace(/[\s-]/g, "").toUpperCase()),
});

export interface ReferenceMatch {
  attemptId: string;
  referenceCode: string;
  startedAt: Date;
  channel: string;
  direction: string;
  partyRole: string;
  caseId: string;
  personId: string;
  personName: string;
  clientName: string;
  decisionId: string | null;
  decision: string | null;
  outcome: string | null;
  renderedBody: string | null;
}

/** The contact a debtor quotes (the short code printed in every message and letter), with its case,
 *  person, decision and latest outcome. A match shows personal data: audited. */
export async function findByReference(ctx: DomainContext, input: z.input<typeof FindByReference>): Promise<ReferenceMatch | null> {
  const actor = requireDashboardRole(ctx.actor, ...COMPLIANCE_ROLES);
  const { code } = parseInput(FindByReference, input);
  const [r] = await ctx.db.execute<Record<string, unknown>>(sql`
    select a.id, a.reference_code, a.started_at, a.channel, a.direction, a.party_role, a.case_id, a.person_id, p.full_name, cl.name as client_name,
      a.decision_id, d.decision, a.rendered_body,
      (select o.outcome from contact_outcomes o where o.attempt_id = a.id order by o.at desc, o.created_at desc limit 1) as outcome
    from contact_attempts a join persons p on p.id = a.person_id join cases c on c.id = a.case_id join clients cl on cl.id = c.client_id
    left join compliance_decisions d on d.id = a.decision_id
    where a.reference_code = ${code} limit 1`);
  if (!r) return null;
  await writeAudit(ctx.db, actor, {
    action: "reference.lookup", entityType: "contact_attempt", entityId: String(r.id), personId: String(r.person_id), caseId: String(r.case_id),
  }, ctx.now);
  return {
    attemptId: String(r.id), referenceCode: String(r.reference_code), startedAt: toDate(r.started_at)!, channel: String(r.channel), direction: String(r.direction),
    partyRole: String(r.party_role), caseId: String(r.case_id), personId: String(r.person_id), personName: String(r.full_name), clientName: String(r.client_name),
    decisionId: (r.decision_id as string | null) ?? null, decision: (r.decision as string | null) ?? null, outcome: (r.outcome as string | null) ?? null,
    renderedBody: (r.rendered_body as string | null) ?? null,
  };
}
