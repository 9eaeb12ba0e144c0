"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createApiKey, createClient, createTeam, createUser, revokeApiKey, updateClientPolicy, API_SCOPES, type ClientPolicyInput, type CreateClient } from "@casebook/domain";
import { checkbox, defineAction, optionalText, text, tickedTeams } from "@/lib/action";

// Thin actions over the admin verbs: the wrapper checks the role, each verb checks it again (requireAdmin).
const admin = { roles: ["admin" as const], namespace: "adminConsole" };

export const createUserAction = defineAction({
  ...admin,
  input: z.object({ email: text, name: text, role: text, teamId: optionalText, staffNumber: text, locale: text, timeZone: optionalText }).catchall(z.string()),
  run: async ({ ctx, input, t }) => {
    // Further teams: the ticked `team_<id>` boxes (issue 14).
    const teamIds = tickedTeams(input);
    const r = await createUser(ctx, {
      email: input.email, name: input.name, role: input.role as "agent", teamId: input.teamId ?? null, teamIds, staffNumber: input.staffNumber,
      locale: input.locale === "zh-CN" ? "zh-CN" : "en", timeZone: input.timeZone ?? "America/New_York",
    });
    revalidatePath("/admin/users");
    return { ok: true, message: t("users.created"), result: r.temporaryPassword };
  },
});

export const createTeamAction = defineAction({
  ...admin,
  input: z.object({ name: text }),
  run: async ({ ctx, input, t }) => {
    await createTeam(ctx, input);
    revalidatePath("/admin/teams");
    return { ok: true, message: t("teams.created") };
  },
});

/** A number field: empty is "not set"; the verb's schema says what a set one must be. */
const optionalNumber = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : undefined), z.number().optional());
const percentAsBps = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Math.round(Number(v.trim()) * 100) : undefined), z.number().optional());

/** "default +18005550142" lines → { default: "+18005550142" }. */
function parseCallbacks(lines: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines.split(/\r?\n/)) {
    const [region, number] = line.trim().split(/[\s:=]+/);
    if (region && number) out[region] = number;
  }
  return out;
}

// The policy form's fields (clients/policy-fields.ts) are named by the verbs' input paths, so each
// ValidationError lands next to its field.
const policyForm = {
  "policy.compliance.callWindow.from": optionalText, "policy.compliance.callWindow.to": optionalText,
  "policy.compliance.maxCallsPer7Days": optionalNumber,
  "policy.settlementFloorBps": percentAsBps, "policy.commissionBps": percentAsBps,
  "policy.planMaxInstallments": optionalNumber, "policy.planMaxMonths": optionalNumber, "policy.planMinInstallmentMinor": optionalNumber,
  "policy.promiseMaxDays": optionalNumber, "policy.callbackNumbers": text,
  "policy.letterhead.tradingName": optionalText, "policy.letterhead.addressLines": optionalText,
  "policy.letterhead.phone": optionalText, "policy.letterhead.referenceLine": optionalText,
};
type PolicyFormValues = z.output<z.ZodObject<typeof policyForm>>;

/** The policy form's values → the verbs' policy (an empty number stays absent: the verb says "required"). */
function policyFromForm(v: PolicyFormValues): ClientPolicyInput {
  const from = v["policy.compliance.callWindow.from"];
  const to = v["policy.compliance.callWindow.to"];
  const maxCalls = v["policy.compliance.maxCallsPer7Days"];
  const compliance = {
    ...(from || to ? { callWindow: { from: from ?? "", to: to ?? "" } } : {}),
    ...(maxCalls !== undefined ? { maxCallsPer7Days: maxCalls } : {}),
  };
  // All four letterhead fields empty: no letterhead of the client's own (letters keep the configured one).
  const letterhead = {
    tradingName: v["policy.letterhead.tradingName"], addressLines: v["policy.letterhead.addressLines"],
    phone: v["policy.letterhead.phone"], referenceLine: v["policy.letterhead.referenceLine"],
  };
  const hasLetterhead = Object.values(letterhead).some((x) => x !== undefined);
  return {
    settlementFloorBps: v["policy.settlementFloorBps"] as number,
    planMaxInstallments: v["policy.planMaxInstallments"] as number,
    planMaxMonths: v["policy.planMaxMonths"] as number,
    planMinInstallmentMinor: v["policy.planMinInstallmentMinor"] as number,
    promiseMaxDays: v["policy.promiseMaxDays"] as number,
    commissionBps: v["policy.commissionBps"] as number,
    callbackNumbers: parseCallbacks(v["policy.callbackNumbers"]),
    ...(hasLetterhead ? {
      letterhead: {
        tradingName: letterhead.tradingName ?? "", addressLines: (letterhead.addressLines ?? "").split(/\r?\n/),
        ...(letterhead.phone ? { phone: letterhead.phone } : {}), ...(letterhead.referenceLine ? { referenceLine: letterhead.referenceLine } : {}),
      },
    } : {}),
    ...(Object.keys(compliance).length > 0 ? { compliance } : {}),
  };
}

export const updateClientPolicyAction = defineAction({
  ...admin,
  input: z.object({ clientId: text, ...policyForm, effectiveFrom: optionalText, note: optionalText }),
  run: async ({ ctx, input: v, t }) => {
    const r = await updateClientPolicy(ctx, {
      clientId: v.clientId,
      policy: policyFromForm(v),
      // datetime-local gives "YYYY-MM-DDTHH:MM" without a zone: the form says it is UTC.
      ...(v.effectiveFrom ? { effectiveFrom: new Date(`${v.effectiveFrom}Z`) } : {}),
      ...(v.note ? { note: v.note } : {}),
    });
    revalidatePath(`/admin/clients/${v.clientId}`);
    return { ok: true, message: t("clients.saved", { version: r.version }) };
  },
});

/** A new client (issue 14): its identity, its rule set (fixed from here on) and policy version 1; on
 *  success the admin lands on the client's page. */
export const createClientAction = defineAction({
  ...admin,
  input: z.object({ code: text, name: text, country: text, currency: text, ruleSet: text, agencyName: text, ...policyForm }),
  run: async ({ ctx, input: v }) => {
    const { id } = await createClient(ctx, {
      code: v.code, name: v.name, country: v.country, currency: v.currency, ruleSet: v.ruleSet as CreateClient["ruleSet"], agencyName: v.agencyName,
      policy: policyFromForm(v),
    });
    revalidatePath("/admin/clients");
    redirect(`/admin/clients/${id}`);
  },
});

export const createApiKeyAction = defineAction({
  ...admin,
  input: z.object({ clientId: text, name: text, ...Object.fromEntries(API_SCOPES.map((s) => [`scope.${s}`, checkbox])) }),
  run: async ({ ctx, input, t }) => {
    const ticked = input as unknown as Record<string, boolean>;
    const r = await createApiKey(ctx, { clientId: input.clientId, name: input.name, scopes: API_SCOPES.filter((s) => ticked[`scope.${s}`]) });
    revalidatePath(`/admin/clients/${input.clientId}`);
    return { ok: true, message: t("clients.keyCreated"), result: r.key };
  },
});

export const revokeApiKeyAction = defineAction({
  ...admin,
  input: z.object({ keyId: text, clientId: text }),
  run: async ({ ctx, input, t }) => {
    await revokeApiKey(ctx, { keyId: input.keyId });
    revalidatePath(`/admin/clients/${input.clientId}`);
    return { ok: true, message: t("clients.revoked") };
  },
});
