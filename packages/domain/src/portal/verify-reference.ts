import { sql } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit";
import { readPolicyInForce } from "../clients/policy-in-force";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { toDate } from "../cases/sql-values";
import type { ClientPolicy } from "@casebook/db/schema";

/** How long a printed code answers "genuine": a letter may sit in a drawer for months, not for years. */
export const REFERENCE_VALID_DAYS = 180;

export const VerifyReference = z.object({
  /** As read from a message: spaces and dashes ignored, any case. Anything else is simply not found. */
  code: z.string().max(64).transform((v) => v.replace(/[\s-]/g, "").toUpperCase().slice(0, 40)),
});

/**
 * The one answer shape, genuine or not: an unknown, expired or malformed code differs from a genuine one
 * only by `genuine: false` and nulls, never by a different error or field (no enumeration).
 * Nothing about the debt: when, which channel, who (name and staff number), and the agency's official
 * callback number for the debtor's region, so the person can call back on a number they did not get
 * from the message itself.
 */
export interface VerifyAnswer {
  genuine: boolean;
  at: Date | null;
  channel: string | null;
  agencyName: string | null;
  collectorName: string | null;
  staffNumber: string | null;
  callbackNumber: string | null;
}

const NOT_GENUINE: VerifyAnswer = { genuine: false, at: null, channel: null, agencyName: null, collectorName: null, staffNumber: null, callbackNumber: null };

/** The automated-notice desk that automated messages name as their sender (outreach/delivery/dispatch-step.ts). */
const AUTOMATED = { en: { name: "Automated Notices", staffNumber: "AUTO-001" }, cn: { name: "智能提醒", staffNumber: "AUTO-001" } };

/** /verify, no sign-in: is this code a contact the agency really made? A genuine answer is audited. */
export async function verifyReference(ctx: DomainContext, input: z.input<typeof VerifyReference>): Promise<VerifyAnswer> {
  const { code } = parseInput(VerifyReference, input);
  if (code.length < 4) return NOT_GENUINE;
  const since = new Date(ctx.now.getTime() - REFERENCE_VALID_DAYS * 86_400_000);
  // Outbound contacts only, within their validity: the same query, and so about the same time, for
  // every code, known or not.
  const [r] = await ctx.db.execute<Record<string, unknown>>(sql`
    select a.id, a.started_at, a.channel, a.case_id, a.person_id, p.region, cl.id as client_id, cl.country, cl.agency_name, cl.policy,
      coalesce(agent.name, owner.name) as collector_name, coalesce(agent.staff_number, owner.staff_number) as staff_number
    from contact_attempts a
      join cases c on c.id = a.case_id join clients cl on cl.id = c.client_id join persons p on p.id = a.party_person_id
      left join users agent on agent.id = a.agent_user_id left join users owner on owner.id = c.owner_user_id and a.agent_user_id is null and a.outreach_step_id is not null
    where a.reference_code = ${code} and a.direction = 'outbound' and a.started_at >= ${since.toISOString()}::timestamptz and a.started_at <= ${ctx.now.toISOString()}::timestamptz
    limit 1`);
  if (!r) return NOT_GENUINE;
  const client = { id: String(r.client_id), policy: r.policy as ClientPolicy };
  const { policy } = await readPolicyInForce(ctx.db, client, ctx.now);
  const region = (r.region as string | null) ?? "default";
  const automated = r.country === "CN" ? AUTOMATED.cn : AUTOMATED.en;
  await writeAudit(ctx.db, ctx.actor, { action: "reference.verify", entityType: "contact_attempt", entityId: String(r.id), caseId: String(r.case_id), personId: String(r.person_id) }, ctx.now);
  return {
    genuine: true,
    at: toDate(r.started_at)!,
    channel: String(r.channel),
    agencyName: String(r.agency_name),
    collectorName: (r.collector_name as string | null) ?? automated.name,
    staffNumber: (r.staff_number as string | null) ?? automated.staffNumber,
    callbackNumber: policy.callbackNumbers[region] ?? policy.callbackNumbers.default ?? null,
  };
}
