"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import {
  chooseNoWorkplaceContact, chooseWrittenOnly, confirmPortalSignIn, createPaymentIntent, createPaymentPlan, domainContext, endPortalSession, openPortalDispute,
  portalOptOut, recordPromise, setContactPreferences, startPortalSignIn, systemActor,
} from "@casebook/domain";
import { webhookSecret } from "@/app/api/webhooks/provider/env";
import { appInfra } from "@/lib/infra";
import { readPortalEnv } from "@/lib/portal/env";
import { portalAction, portalError, type PortalState } from "@/lib/portal/portal-action";
import { withinRate } from "@/lib/portal/rate-limit";
import { clearPortalCookie, portalSessionId, setPortalCookie } from "@/lib/portal/session";

const text = (fd: FormData, name: string) => String(fd.get(name) ?? "");

/** Step one of signing in: the identity check, then a one-time code by SMS or e-mail. */
export async function startSignInAction(_s: PortalState, fd: FormData): Promise<PortalState> {
  const t = await getTranslations("portal");
  if (!(await withinRate("portal-sign-in", 10, 900))) return { error: t("tooMany") };
  let signInId: string;
  try {
    const channel = text(fd, "channel") === "email" ? "email" : "sms";
    const r = await startPortalSignIn(domainContext(appInfra(), systemActor("portal")), { identifier: text(fd, "identifier"), secret: text(fd, "secret"), channel });
    signInId = r.signInId;
  } catch (error) {
    return portalError(error);
  }
  redirect(`/portal/code?s=${signInId}`);
}

/** Step two: the code; a session of the portal's own on success. */
export async function confirmCodeAction(_s: PortalState, fd: FormData): Promise<PortalState> {
  const t = await getTranslations("portal");
  if (!(await withinRate("portal-code", 20, 900))) return { error: t("tooMany") };
  try {
    const r = await confirmPortalSignIn(domainContext(appInfra(), systemActor("portal")), { signInId: text(fd, "signInId"), code: text(fd, "code") });
    await setPortalCookie(r.sessionId, r.expiresAt);
  } catch (error) {
    return portalError(error);
  }
  redirect("/portal/home");
}

export async function signOutAction(): Promise<void> {
  const id = await portalSessionId();
  if (id) await endPortalSession(domainContext(appInfra(), systemActor("portal")), id);
  await clearPortalCookie();
  redirect("/portal");
}

const done = async (key: string): Promise<PortalState> => {
  revalidatePath("/portal/home");
  return { message: (await getTranslations("portal"))(key) };
};

export const payAction = portalAction(async (ctx, fd) => {
  const env = readPortalEnv();
  const base = env.AUTH_URL.replace(/\/$/, "");
  const r = await createPaymentIntent(ctx, { caseId: text(fd, "caseId"), amount: text(fd, "amount") }, {
    baseUrl: env.PAYMENT_PROVIDER_URL, callbackUrl: `${base}/api/webhooks/payments`, returnUrl: `${base}/portal/home`, secret: webhookSecret() ?? "",
  });
  const t = await getTranslations("portal");
  return { message: t("payReady"), link: { href: r.checkoutUrl, label: t("payContinue") } };
});

export const promiseAction = portalAction(async (ctx, fd) => {
  await recordPromise(ctx, { caseId: text(fd, "caseId"), amountMinor: Math.round(Number(text(fd, "amount")) * 100), dueDate: text(fd, "dueDate") });
  return done("promiseRecorded");
});

export const planAction = portalAction(async (ctx, fd) => {
  const r = await createPaymentPlan(ctx, {
    caseId: text(fd, "caseId"), totalMinor: Math.round(Number(text(fd, "total")) * 100), installmentCount: text(fd, "installments"),
    frequency: (["weekly", "biweekly", "monthly"].includes(text(fd, "frequency")) ? text(fd, "frequency") : "monthly") as "weekly" | "biweekly" | "monthly",
    firstDueDate: text(fd, "firstDueDate"),
  });
  return done(r.status === "active" ? "planActive" : "planPending");
});

export const disputeAction = portalAction(async (ctx, fd) => {
  const file = fd.get("document");
  const upload = file instanceof File && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()) } : null;
  await openPortalDispute(ctx, { caseId: text(fd, "caseId"), accountId: text(fd, "accountId"), ground: (text(fd, "ground") || "other") as "other", reason: text(fd, "reason") }, upload, { uploadDir: readPortalEnv().PORTAL_UPLOAD_DIR });
  return done("disputeOpened");
});

export const writtenOnlyAction = portalAction(async (ctx) => {
  await chooseWrittenOnly(ctx);
  return done("writtenOnlyRecorded");
});

export const noWorkplaceAction = portalAction(async (ctx) => {
  await chooseNoWorkplaceContact(ctx);
  return done("noWorkplaceRecorded");
});

export const optOutAction = portalAction(async (ctx, fd) => {
  const [channel, contactPointId] = text(fd, "target").split(":");
  await portalOptOut(ctx, { channel: channel as "sms", ...(contactPointId ? { contactPointId } : {}) });
  return done("optOutRecorded");
});

export const preferencesAction = portalAction(async (ctx, fd) => {
  const from = text(fd, "from");
  const to = text(fd, "to");
  await setContactPreferences(ctx, { preferredLanguage: text(fd, "language") === "zh-CN" ? "zh-CN" : "en", inconvenientWindows: from || to ? [{ from, to }] : [] });
  return done("preferencesSaved");
});
