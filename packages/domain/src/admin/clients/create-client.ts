import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@casebook/db";
import { strategyForClient, type ClientStrategy } from "../../clients/client-strategy";
import type { DomainContext } from "../../context";
import { writeAudit } from "../../audit";
import { ValidationError } from "../../errors";
import { parseInput } from "../../parse-input";
import { isKnownCurrency } from "../../placements/checks";
import { requireAdmin } from "../require-admin";
import { ClientPolicyInput } from "./client-policy-schema";
import { assertPolicyWithinRuleSet } from "./update-client-policy";

/** The base rule sets a client is onboarded under; US-MA is an overlay the account's state adds. */
export const CLIENT_RULE_SETS = ["US-FDCPA", "CN-CBA", "UK-CONC"] as const;

const REGIONS = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
const isCountry = (v: string) => /^[A-Z]{2}$/.test(v) && REGIONS.of(v) !== v;

export const CreateClient = z.object({
  /** A short slug, unique: "LIBERTY-CARD". */
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,30}[A-Z0-9]$/, "client_code_format"),
  name: z.string().trim().min(1).max(200),
  country: z.string().trim().toUpperCase(),
  currency: z.string().trim().toUpperCase(),
  /** Chosen here, once: fixed afterwards (RULES.md, "Why a client's rule set is not a policy choice"). */
  ruleSet: z.enum(CLIENT_RULE_SETS),
  agencyName: z.string().trim().min(1).max(200),
  /** Version 1 of the client's policy. */
  policy: ClientPolicyInput,
});
export type CreateClient = z.infer<typeof CreateClient>;

export type DefaultStrategy = ClientStrategy;

/** The new-client form's rule set choice: each base rule set and the default strategy its cases would get. */
export async function listClientRuleSets(ctx: DomainContext): Promise<Array<{ ruleSet: (typeof CLIENT_RULE_SETS)[number]; strategy: DefaultStrategy | null }>> {
  requireAdmin(ctx.actor);
  return Promise.all(CLIENT_RULE_SETS.map(async (ruleSet) => ({ ruleSet, strategy: await strategyForClient(ctx.db, { ruleSet, clientId: null }) })));
}

/**
 * Onboards a client: its row, policy version 1 in force from now, and the audit event, in one
 * transaction. Its cases are planned with the rule set's default strategy (client_id null); a rule set
 * without a published one is refused (`ruleSet`): the client's cases would be placed and never contacted.
 */
export async function createClient(ctx: DomainContext, input: CreateClient): Promise<{ id: string; code: string; strategy: DefaultStrategy }> {
  requireAdmin(ctx.actor);
  const p = parseInput(CreateClient, input);
  if (!isCountry(p.country)) throw new ValidationError("country", "country_code");
  if (!isKnownCurrency(p.currency)) throw new ValidationError("currency", "currency_unknown");
  assertPolicyWithinRuleSet(p.code, p.ruleSet, p.policy);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: schema.clients.id }).from(schema.clients).where(eq(schema.clients.code, p.code));
    if (taken) throw new ValidationError("code", "client_code_taken");
    // The strategy its cases will be planned with: the planner's own choice for a client with none of its own.
    const strategy = await strategyForClient(tx, { ruleSet: p.ruleSet, clientId: null });
    if (!strategy) throw new ValidationError("ruleSet", "rule_set_no_strategy", { ruleSet: p.ruleSet });
    const [client] = await tx.insert(schema.clients).values({
      code: p.code, name: p.name, country: p.country, currency: p.currency, ruleSet: p.ruleSet,
      agencyName: p.agencyName, policy: p.policy, createdAt: ctx.now,
    }).onConflictDoNothing({ target: schema.clients.code }).returning({ id: schema.clients.id });
    if (!client) throw new ValidationError("code", "client_code_taken");
    await tx.insert(schema.clientPolicyVersions).values({
      clientId: client.id, version: 1, policy: p.policy, effectiveFrom: ctx.now, note: null,
      createdBy: ctx.actor.kind === "user" ? ctx.actor.userId : null, createdAt: ctx.now,
    });
    await writeAudit(tx, ctx.actor, {
      action: "client.create", entityType: "client", entityId: client.id,
      details: { code: p.code, name: p.name, country: p.country, currency: p.currency, ruleSet: p.ruleSet, agencyName: p.agencyName, policyVersion: 1,
        defaultStrategy: { id: strategy.id, name: strategy.name, version: strategy.version } },
    }, ctx.now);
    return { id: client.id, code: p.code, strategy };
  });
}
