"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@casebook/auth";
import { createApiKey, createTeam, createUser, revokeApiKey, updateClientPolicy, API_SCOPES } from "@casebook/domain";
import type { ActionState } from "@/lib/errors";
import { checked, optional, runAction } from "@/lib/run-action";

// Thin actions over the admin verbs: the role is checked here and again by each verb (requireAdmin).

export async function createUserAction(_: ActionState, fd: FormData): Promise<ActionState> {
  await requireRole("admin");
  const t = await getTranslations("adminConsole.users");
  return runAction(fd, async (ctx, v) => {
    const r = await createUser(ctx, {
      email: v.email ?? "", name: v.name ?? "", role: v.role as "agent", teamId: optional(v.teamId) ?? null,
      staffNumber: v.staffNumber ?? "", locale: v.locale === "zh-CN" ? "zh-CN" : "en", timeZone: optional(v.timeZone) ?? "America/New_York",
    });
    revalidatePath("/admin/users");
    return { ok: true, message: t("created"), result: r.temporaryPassword };
  });
}

export async function createTeamAction(_: ActionState, fd: FormData): Promise<ActionState> {
  await requireRole("admin");
  const t = await getTranslations("adminConsole.teams");
  return runAction(fd, async (ctx, v) => {
    await createTeam(ctx, { name: v.name ?? "" });
    revalidatePath("/admin/teams");
    return { ok: true, message: t("created") };
  });
}

/** Form numbers: empty is "not set"; anything else must be a number (the verb's schema says which). */
const num = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : Number(v.trim()));
const percentToBps = (v: string | undefined) => { const n = num(v); return n === undefined ? undefined : Math.round(n * 100); };

/** "default +18005550142" lines → { default: "+18005550142" }. */
function parseCallbacks(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? "").split(/\r?\n/)) {
    const [region, number] = line.trim().split(/[\s:=]+/);
    if (region && number) out[region] = number;
  }
  return out;
}

// The policy form's fields are named by the verb's input paths, so each ValidationError lands next to its field.
export async function updateClientPolicyAction(_: ActionState, fd: FormData): Promise<ActionState> {
  await requireRole("admin");
  const t = await getTranslations("adminConsole.clients");
  return runAction(fd, async (ctx, v) => {
    const from = optional(v["policy.compliance.callWindow.from"]);
    const to = optional(v["policy.compliance.callWindow.to"]);
    const maxCalls = num(v["policy.compliance.maxCallsPer7Days"]);
    const compliance = {
      ...(from || to ? { callWindow: { from: from ?? "", to: to ?? "" } } : {}),
      ...(maxCalls !== undefined ? { maxCallsPer7Days: maxCalls } : {}),
    };
    const effective = optional(v.effectiveFrom);
    const r = await updateClientPolicy(ctx, {
      clientId: v.clientId ?? "",
      policy: {
        settlementFloorBps: percentToBps(v["policy.settlementFloorBps"]) as number,
        planMaxInstallments: num(v["policy.planMaxInstallments"]) as number,
        planMaxMonths: num(v["policy.planMaxMonths"]) as number,
        planMinInstallmentMinor: num(v["policy.planMinInstallmentMinor"]) as number,
        promiseMaxDays: num(v["policy.promiseMaxDays"]) as number,
        commissionBps: percentToBps(v["policy.commissionBps"]) as number,
        callbackNumbers: parseCallbacks(v["policy.callbackNumbers"]),
        ...(Object.keys(compliance).length > 0 ? { compliance } : {}),
      },
      // datetime-local gives "YYYY-MM-DDTHH:MM" without a zone: the form says it is UTC.
      ...(effective ? { effectiveFrom: new Date(`${effective}Z`) } : {}),
      ...(optional(v.note) ? { note: optional(v.note) } : {}),
    });
    revalidatePath(`/admin/clients/${v.clientId}`);
    return { ok: true, message: t("saved", { version: r.version }) };
  });
}

export async function createApiKeyAction(_: ActionState, fd: FormData): Promise<ActionState> {
  await requireRole("admin");
  const t = await getTranslations("adminConsole.clients");
  return runAction(fd, async (ctx, v) => {
    const scopes = API_SCOPES.filter((scope) => checked(v[`scope.${scope}`]));
    const r = await createApiKey(ctx, { clientId: v.clientId ?? "", name: v.name ?? "", scopes });
    revalidatePath(`/admin/clients/${v.clientId}`);
    return { ok: true, message: t("keyCreated"), result: r.key };
  });
}

export async function revokeApiKeyAction(_: ActionState, fd: FormData): Promise<ActionState> {
  await requireRole("admin");
  const t = await getTranslations("adminConsole.clients");
  return runAction(fd, async (ctx, v) => {
    await revokeApiKey(ctx, { keyId: v.keyId ?? "" });
    revalidatePath(`/admin/clients/${v.clientId}`);
    return { ok: true, message: t("revoked") };
  });
}
