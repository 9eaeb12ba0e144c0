import { eq, max } from "drizzle-orm";
import { z } from "zod";
import { PolicyError, resolveRuleSet, type RuleSetId } from "@casebook/compliance";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { NotFoundError, ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { policyFor } from "../../outreach/gate/evaluate-check";
import { requireAdmin } from "../require-admin";
import { ClientPolicyInput } from "./client-policy-schema";
import { lockRows } from "../../locks/lock-rows";

export const UpdateClientPolicy = z.object({
  clientId: z.uuid(),
  policy: ClientPolicyInput,
  /** Default: at once. Never in the past: decisions already made stay under the policy they were made under. */
  effectiveFrom: z.date().optional(),
  note: z.string().trim().max(500).optional(),
});
export type UpdateClientPolicy = z.infer<typeof UpdateClientPolicy>;

/** Which parameter of the form a PolicyError names (`US-REGF-TIME.start` → the call window). */
function fieldOf(parameter: string): string {
  if (parameter.includes("TIME")) return "policy.compliance.callWindow.from";
  if (parameter.includes("FREQ")) return "policy.compliance.maxCallsPer7Days";
  return "policy.compliance";
}

/** The rules engine checks a policy's compliance part against every rule set the client's accounts can
 *  fall under (the base one and its overlays): a client may tighten, never loosen. */
export function assertPolicyWithinRuleSet(code: string, ruleSet: RuleSetId, policy: UpdateClientPolicy["policy"]): void {
  const ruleSets: RuleSetId[] = ruleSet === "US-FDCPA" ? ["US-FDCPA", "US-MA"] : [ruleSet];
  for (const id of ruleSets) {
    const enginePolicy = policyFor({ code, policy }, id);
    try {
      resolveRuleSet(id, enginePolicy);
    } catch (error) {
      if (error instanceof PolicyError) throw new ValidationError(fieldOf(error.parameter), "policy_looser", { ruleSet: id, parameter: error.parameter });
      throw error;
    }
  }
}

/**
 * A new version of the client's policy. The rules engine checks its compliance part against every rule
 * set the client's accounts can fall under: a client may tighten the regulation's hours and caps, never
 * loosen them (RULES.md, resolveRuleSet).
 */
export async function updateClientPolicy(ctx: DomainContext, input: UpdateClientPolicy): Promise<{ version: number; effectiveFrom: Date }> {
  requireAdmin(ctx.actor);
  const p = parseInput(UpdateClientPolicy, input);
  const effectiveFrom = p.effectiveFrom ?? ctx.now;
  if (effectiveFrom.getTime() < ctx.now.getTime() - 60_000) throw new ValidationError("effectiveFrom", "policy_in_past");
  return ctx.db.transaction(async (tx) => {
    await lockRows(tx, { clients: [p.clientId] });
    const [client] = await tx.select().from(schema.clients).where(eq(schema.clients.id, p.clientId));
    if (!client) throw new NotFoundError("client", p.clientId);
    assertPolicyWithinRuleSet(client.code, client.ruleSet, p.policy);
    const [last] = await tx.select({ v: max(schema.clientPolicyVersions.version) }).from(schema.clientPolicyVersions)
      .where(eq(schema.clientPolicyVersions.clientId, client.id));
    const version = (last?.v ?? 0) + 1;
    await tx.insert(schema.clientPolicyVersions).values({
      clientId: client.id, version, policy: p.policy, effectiveFrom, note: p.note ?? null,
      createdBy: ctx.actor.kind === "user" ? ctx.actor.userId : null, createdAt: ctx.now,
    });
    await writeAudit(tx, ctx.actor, {
      action: "client.policy_version", entityType: "client", entityId: client.id,
      details: { version, effectiveFrom: effectiveFrom.toISOString(), policy: p.policy },
    }, ctx.now);
    return { version, effectiveFrom };
  });
}
