"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import {
  addContactPoint, addNote, bookCallback, correctContactPoint, createPaymentPlan, escalateToLegal, openDispute, placeHold, postPayment,
  recordCallOutcome, recordOptOut, recordPromise, revealContactPoint, sendMessage, startCall, startThirdPartyCall, type PlaceHold,
} from "@casebook/domain";
import type { ActionState } from "@/lib/errors";
import { formatTime, toMinor } from "@/lib/format";
import { checked, optional, runAction } from "@/lib/run-action";

type S = ActionState;
const done = (caseId: string, message: string, extra: Partial<S> = {}): S => {
  revalidatePath(`/cases/${caseId}`);
  return { ok: true, message, ...extra };
};

async function amount(values: Record<string, string>, field: string): Promise<number | S> {
  const minor = toMinor(values[field] ?? "", values.currency ?? "USD");
  if (minor === null) return { fieldErrors: { [field]: (await getTranslations("errors"))("amount") }, values };
  return minor;
}

export async function startCallAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const r = await startCall(ctx, { caseId: v.caseId!, contactPointId: v.contactPointId!, purpose: (v.purpose ?? "collection") as "collection" });
    const t = await getTranslations("actions");
    return done(v.caseId!, t("callStarted", { ref: r.referenceCode }), { result: r.attemptId });
  });
}

export async function startThirdPartyCallAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const [relatedPartyId, contactPointId] = (v.target ?? "").split(":");
    const r = await startThirdPartyCall(ctx, { caseId: v.caseId!, relatedPartyId: relatedPartyId!, contactPointId: contactPointId!, requestedFollowUp: checked(v.requestedFollowUp) });
    const t = await getTranslations("actions");
    return done(v.caseId!, t("callStarted", { ref: r.referenceCode }), { result: r.attemptId });
  });
}

export async function recordOutcomeAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await recordCallOutcome(ctx, {
      attemptId: v.attemptId!, outcome: v.outcome as "no_answer",
      identityStatementGiven: checked(v.identityStatementGiven), miniMirandaGiven: checked(v.miniMirandaGiven),
    });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function sendMessageAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await sendMessage(ctx, { caseId: v.caseId!, contactPointId: v.contactPointId!, templateId: v.templateId! });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function promiseAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const minor = await amount(v, "amountMinor");
    if (typeof minor !== "number") return minor;
    await recordPromise(ctx, { caseId: v.caseId!, amountMinor: minor, dueDate: v.dueDate ?? "" });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function planAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const minor = await amount(v, "totalMinor");
    if (typeof minor !== "number") return minor;
    const r = await createPaymentPlan(ctx, {
      caseId: v.caseId!, totalMinor: minor, installmentCount: Number(v.installmentCount), frequency: v.frequency as "monthly", firstDueDate: v.firstDueDate ?? "",
    });
    const t = await getTranslations("actions");
    return done(v.caseId!, r.status === "active" ? t("planActive") : t("planPending", { reasons: r.reasons.join(", ") }));
  });
}

export async function paymentAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const minor = await amount(v, "amountMinor");
    if (typeof minor !== "number") return minor;
    await postPayment(ctx, { caseId: v.caseId!, amountMinor: minor, method: v.method as "card", reference: optional(v.reference) });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function disputeAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await openDispute(ctx, { caseId: v.caseId!, accountId: v.accountId!, receivedVia: v.receivedVia as "written", reason: v.reason ?? "" });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function holdAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const base = { caseId: v.caseId!, note: optional(v.note) };
    const input: PlaceHold =
      v.kind === "attorney" ? { ...base, kind: "attorney", attorney: { name: v["attorney.name"] ?? "", firm: optional(v["attorney.firm"]), phone: optional(v["attorney.phone"]), email: optional(v["attorney.email"]) } }
      : v.kind === "bankruptcy" ? { ...base, kind: "bankruptcy", bankruptcy: { chapter: v["bankruptcy.chapter"] as "7", filingDate: v["bankruptcy.filingDate"] ?? "", caseNumber: optional(v["bankruptcy.caseNumber"]) } }
      : v.kind === "deceased" ? { ...base, kind: "deceased", deceased: { dateOfDeath: optional(v["deceased.dateOfDeath"]), estateRepresentative: optional(v["deceased.estateRepresentative"]) } }
      : { ...base, kind: v.kind as "cease" };
    await placeHold(ctx, input);
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function optOutAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await recordOptOut(ctx, { caseId: v.caseId!, channel: v.channel as "sms", contactPointId: optional(v.contactPointId) });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function addContactAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    if (v.kind === "email") await addContactPoint(ctx, { caseId: v.caseId!, kind: "email", value: v.value ?? "", isWorkplace: checked(v.isWorkplace) });
    else await addContactPoint(ctx, { caseId: v.caseId!, kind: "phone", value: v.value ?? "", phoneType: (v.phoneType ?? "mobile") as "mobile", consentCall: checked(v.consentCall), consentSms: checked(v.consentSms) });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function correctContactAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await correctContactPoint(ctx, { caseId: v.caseId!, contactPointId: v.contactPointId!, status: v.status as "valid" });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function noteAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await addNote(ctx, { caseId: v.caseId!, body: v.body ?? "" });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function callbackAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v, user) => {
    // datetime-local is the agent's wall clock: interpret it in the agent's zone.
    const local = v.dueAt ?? "";
    const at = zonedToUtc(local, user.timeZone);
    if (!at) return { fieldErrors: { dueAt: "YYYY-MM-DD HH:MM" }, values: v };
    await bookCallback(ctx, { caseId: v.caseId!, dueAt: at });
    return done(v.caseId!, `${(await getTranslations("common"))("done")}: ${formatTime(at, user.timeZone, user.locale)}`);
  });
}

export async function legalAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    await escalateToLegal(ctx, { caseId: v.caseId!, reason: v.reason ?? "" });
    return done(v.caseId!, (await getTranslations("common"))("done"));
  });
}

export async function revealAction(_: S, fd: FormData): Promise<S> {
  return runAction(fd, async (ctx, v) => {
    const r = await revealContactPoint(ctx, { caseId: v.caseId!, contactPointId: v.contactPointId! });
    return { ok: true, result: r.value };
  });
}

function zonedToUtc(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // The zone's offset at that instant, found by formatting the guess back in the zone (one correction step).
  const offset = (d: number) => {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(d));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) - d;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}
