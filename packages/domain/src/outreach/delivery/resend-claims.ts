import { sql } from "drizzle-orm";
import { schema as s } from "@casebook/db";
import type { DomainContext } from "../../context";
import { uuidArray } from "../../cases/sql-values";
import { recheckClaims } from "../gate/recheck-claim";
import { attemptMessage, RESEND_WINDOW_MS } from "./dispatch-step";
import type { PortMessage } from "./channels-port";

type Step = typeof s.outreachSteps.$inferSelect;

export interface ResendClaim {
  step: Step;
  attemptId: string;
  dispatchId: string;
  message: PortMessage;
}

/**
 * A claim whose send met a provider outage (state `claimed`, reason `provider_unavailable`: nothing
 * reached the provider) and may still be resent with its dispatch id: within RESEND_WINDOW_MS of its
 * claim. Letters rebuild their letterhead from the policy of their decision's time: the single path.
 */
export function resendable(step: Step, now: Date): boolean {
  return step.state === "claimed" && step.reason === "provider_unavailable" && step.dispatchId !== null && step.channel !== "letter"
    && step.claimedAt !== null && now.getTime() - step.claimedAt.getTime() < RESEND_WINDOW_MS;
}

/**
 * The resends of a batch that retries an outage (issue 15), read as a set: the attempts by dispatch id,
 * their contact points, templates and parties, and the re-check of their decisions at `now`, in six
 * statements whatever their number, where the single path (dispatchStep → resendClaimed) spends about
 * seven per step. Each message is the one the ledger stored (attemptMessage, as claimedMessage builds
 * it), sent again with the same dispatch id, so a provider that did take it answers from its record.
 * A claim whose decision no longer holds, or whose attempt is not found, is returned in `alone`: the
 * single path releases it (a new decision, or a block) as it always has.
 */
export async function readResendClaims(ctx: DomainContext, steps: readonly Step[]): Promise<{ claims: ResendClaim[]; alone: string[] }> {
  if (steps.length === 0) return { claims: [], alone: [] };
  const attempts = await ctx.db.select().from(s.contactAttempts)
    .where(sql`${s.contactAttempts.dispatchId} = any(${uuidArray(steps.map((st) => st.dispatchId!))}::uuid[])`);
  const attemptByDispatch = new Map(attempts.map((a) => [a.dispatchId, a]));
  const ids = (pick: (a: (typeof attempts)[number]) => string | null) => uuidArray([...new Set(attempts.flatMap((a) => (pick(a) ? [pick(a)!] : [])))]);
  const [points, templates, parties, refusals] = await Promise.all([
    ctx.db.select({ id: s.contactPoints.id, value: s.contactPoints.value, postal: s.contactPoints.postal }).from(s.contactPoints).where(sql`${s.contactPoints.id} = any(${ids((a) => a.contactPointId)}::uuid[])`),
    ctx.db.select({ id: s.templates.id, language: s.templates.language }).from(s.templates).where(sql`${s.templates.id} = any(${ids((a) => a.templateId)}::uuid[])`),
    ctx.db.select({ id: s.persons.id, fullName: s.persons.fullName }).from(s.persons).where(sql`${s.persons.id} = any(${ids((a) => a.partyPersonId)}::uuid[])`),
    recheckClaims(ctx.db, attempts, ctx.now),
  ]);
  const pointById = new Map(points.map((p) => [p.id, p]));
  const templateById = new Map(templates.map((t) => [t.id, t]));
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const refusedAttempts = new Set(attempts.filter((_, i) => refusals[i] !== null).map((a) => a.id));

  const claims: ResendClaim[] = [];
  const alone: string[] = [];
  for (const step of steps) {
    const attempt = attemptByDispatch.get(step.dispatchId!);
    const party = attempt ? partyById.get(attempt.partyPersonId) : undefined;
    if (!attempt || !party || refusedAttempts.has(attempt.id)) {
      alone.push(step.id);
      continue;
    }
    const point = attempt.contactPointId ? pointById.get(attempt.contactPointId) : undefined;
    const template = attempt.templateId ? templateById.get(attempt.templateId) : undefined;
    claims.push({ step, attemptId: attempt.id, dispatchId: step.dispatchId!, message: attemptMessage(attempt, { point, template, party }) });
  }
  return { claims, alone };
}
