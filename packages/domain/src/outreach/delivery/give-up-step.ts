import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema as s } from "@casebook/db";
import { writeAudit } from "../../audit";
import type { DomainContext } from "../../context";
import { parseInput } from "../../parse-input";
import { failStep, lockStep } from "../steps/step-lifecycle";
import { markForReconciliation } from "./dispatch-step";
import { recordOutcomeInTx } from "./record-outcome";

export const GiveUpStep = z.object({ stepId: z.uuid() });
export type GiveUpStep = z.infer<typeof GiveUpStep>;

/**
 * The worker exhausted a step's retries (issue 9 §4: only after a backoff that outlasts an ordinary
 * provider outage). The step ends visibly with reason `retries_exhausted` (counted by
 * countGivenUpSteps for the supervisor screens): failed if nothing can have reached the provider
 * (unclaimed, or its last send was refused as unavailable), `reconcile` if it may have been sent.
 */
export async function giveUpStep(ctx: DomainContext, rawInput: GiveUpStep): Promise<{ state: string }> {
  const input = parseInput(GiveUpStep, rawInput);
  const step = await ctx.db.query.outreachSteps.findFirst({ where: eq(s.outreachSteps.id, input.stepId) });
  if (!step) return { state: "missing" };
  if (step.state === "claimed" && step.reason !== "provider_unavailable") {
    const marked = await markForReconciliation(ctx, step, "retries_exhausted");
    return { state: marked.status === "skipped" ? marked.state : "reconcile" };
  }
  const attempt = step.state === "claimed" && step.dispatchId
    ? await ctx.db.query.contactAttempts.findFirst({ where: eq(s.contactAttempts.dispatchId, step.dispatchId), columns: { id: true } })
    : undefined;
  const state = await ctx.db.transaction(async (tx) => {
    const current = await lockStep(tx, step.id);
    if (current !== "planned" && current !== "deferred" && current !== "claimed") return current ?? "missing";
    if (current === "claimed" && attempt) await recordOutcomeInTx(tx, ctx.actor, ctx.now, { attemptId: attempt.id, outcome: "failed", source: "worker", details: { error: "never_reached_provider" } }, undefined, { moveStep: false });
    await failStep(tx, step.id, { reason: "retries_exhausted", now: ctx.now });
    await writeAudit(tx, ctx.actor, { action: "outreach.step_given_up", entityType: "outreach_step", entityId: step.id, caseId: step.caseId, personId: step.personId, details: { reason: "retries_exhausted" } }, ctx.now);
    return "failed";
  });
  return { state };
}
