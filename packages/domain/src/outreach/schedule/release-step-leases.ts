import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { releaseLeases } from "../steps/step-lifecycle";

/**
 * After Redis lost its data the jobs of leased steps are gone: end every lease so the next sweep
 * finds those steps due again (issue 9 §4). Safe to repeat: a step whose job survives is still
 * gated and claimed at most once (the claim is serialised on the step row).
 */
export async function releaseStepLeases(ctx: DomainContext): Promise<{ released: number }> {
  const released = await releaseLeases(ctx.db, { now: ctx.now });
  await writeAudit(ctx.db, ctx.actor, { action: "outreach.leases_released", entityType: "outreach_steps", entityId: "leased", details: { released } }, ctx.now);
  return { released };
}
