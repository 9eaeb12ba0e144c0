"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  addContactPoint, addNote, bookCallback, correctContactPoint, createPaymentPlan, escalateToLegal, openDispute, placeHold, postPayment,
  recordCallOutcome, recordCallRefusal, recordNoWorkplaceContact, recordOptOut, recordPromise, recordWrittenContactDemand, releaseHold,
  revealContactPoint, sendMessage, sendPaymentLink, startCall, startThirdPartyCall, ValidationError, type PlaceHold,
} from "@casebook/domain";
import { checkbox, defineAction, optionalText, text } from "@/lib/action";
import type { ActionState } from "@/lib/errors";
import { formatTime, toMinor, zonedToUtc } from "@/lib/format";
import { approvalReasonText } from "@/lib/plans";

// Each action: the form's zod schema (no casts on form values), one verb, a translated result. Session,
// role, team and error translation are the wrapper's (src/lib/action.ts).

const done = (caseId: string, message: string, extra: Partial<ActionState> = {}): ActionState => {
  revalidatePath(`/cases/${caseId}`);
  return { ok: true, message, ...extra };
};

const CaseForm = z.object({ caseId: z.uuid() });
const Money = z.object({ currency: z.string().regex(/^[A-Z]{3}$/) });

/** An amount typed in major units ("125.00") → integer minor units of the form's currency. */
function minor<T extends { currency: string }>(field: keyof T & string) {
  return (v: T & Record<string, unknown>, ctx: z.RefinementCtx) => {
    const m = toMinor(String(v[field] ?? ""), v.currency);
    if (m === null) ctx.addIssue({ code: "custom", path: [field], message: "amount_format" });
    return m ?? 0;
  };
}

export const startCallAction = defineAction({
  input: CaseForm.extend({ contactPointId: z.uuid("choose_debtor_phone"), purpose: z.enum(["collection", "validation", "dispute_response"]).default("collection") }),
  run: async ({ ctx, input, t }) => {
    const r = await startCall(ctx, input);
    return done(input.caseId, t("callStarted", { ref: r.referenceCode }), { result: r.attemptId });
  },
});

export const startThirdPartyCallAction = defineAction({
  input: CaseForm.extend({
    target: z.string().regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/i, "choose_party_phone"),
    requestedFollowUp: checkbox,
  }).transform(({ target, ...v }) => {
    const [relatedPartyId = "", contactPointId = ""] = target.split(":");
    return { ...v, relatedPartyId, contactPointId };
  }),
  run: async ({ ctx, input, t }) => {
    const r = await startThirdPartyCall(ctx, input);
    return done(input.caseId, t("callStarted", { ref: r.referenceCode }), { result: r.attemptId });
  },
});

export const recordOutcomeAction = defineAction({
  input: CaseForm.extend({
    attemptId: z.uuid(),
    outcome: z.enum(["no_answer", "voicemail", "conversation", "wrong_party", "not_connected", "refused"]),
    identityStatementGiven: checkbox,
    miniMirandaGiven: checkbox,
  }),
  run: async ({ ctx, input: { caseId, ...outcome }, t }) => {
    await recordCallOutcome(ctx, outcome);
    return done(caseId, t("saved"));
  },
});

export const sendMessageAction = defineAction({
  input: CaseForm.extend({ contactPointId: z.uuid("choose_debtor_phone"), templateId: z.uuid("invalid_option") }),
  run: async ({ ctx, input, t }) => {
    await sendMessage(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

/** The payment-link SMS or email (issue 17): through the gate like any message; a refusal comes back as
 *  the rule and its sentence next to the button. */
export const sendPaymentLinkAction = defineAction({
  input: CaseForm.extend({ contactPointId: z.uuid("choose_debtor_phone") }),
  run: async ({ ctx, input, t }) => {
    await sendPaymentLink(ctx, input);
    return done(input.caseId, t("paymentLinkSent"));
  },
});

export const promiseAction = defineAction({
  input: CaseForm.extend(Money.shape).extend({ amountMinor: text, dueDate: text, contactAttemptId: z.uuid().optional().or(z.literal("").transform(() => undefined)) })
    .transform((v, ctx) => ({ ...v, amountMinor: minor<typeof v>("amountMinor")(v, ctx) })),
  run: async ({ ctx, input, t }) => {
    await recordPromise(ctx, { caseId: input.caseId, amountMinor: input.amountMinor, dueDate: input.dueDate, contactAttemptId: input.contactAttemptId });
    return done(input.caseId, t("saved"));
  },
});

export const planAction = defineAction({
  input: CaseForm.extend(Money.shape).extend({
    totalMinor: text, installmentCount: z.coerce.number().int("invalid_input"), frequency: z.enum(["weekly", "biweekly", "monthly"]), firstDueDate: text,
  }).transform((v, ctx) => ({ ...v, totalMinor: minor<typeof v>("totalMinor")(v, ctx) })),
  run: async ({ ctx, input: { currency, ...plan }, user, t }) => {
    const r = await createPaymentPlan(ctx, plan);
    return done(plan.caseId, r.status === "active" ? t("planActive") : t("planPending", { reasons: r.reasons.map((x) => approvalReasonText(x, t, currency, user.locale)).join(" ") }));
  },
});

/** The amount goes to the verb as typed: its scale is the debt's currency, read on the server (issue 9
 *  §5), so the form carries no currency of its own. */
export const paymentAction = defineAction({
  input: CaseForm.extend({
    amount: text, reference: optionalText,
    method: z.enum(["card", "ach", "bank_transfer", "check", "cash", "alipay", "wechat_pay", "unionpay"]),
  }),
  run: async ({ ctx, input: payment, t }) => {
    await postPayment(ctx, payment);
    return done(payment.caseId, t("saved"));
  },
});

/** An objection to a debt (its existence, amount or the debtor's identity): CN-DISPUTE and US-REGF-DISPUTE. */
export const disputeAction = defineAction({
  input: CaseForm.extend({
    accountId: z.uuid("invalid_option"), receivedVia: z.enum(["written", "oral", "portal", "email"]),
    ground: z.enum(["existence", "amount", "identity", "other"]), reason: text,
  }),
  run: async ({ ctx, input, t }) => {
    await openDispute(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

const HOLD_KINDS = ["cease", "attorney", "bankruptcy", "deceased", "hardship", "fraud", "lacks_capacity"] as const;
export const holdAction = defineAction({
  input: CaseForm.extend({
    kind: z.enum(HOLD_KINDS), note: optionalText,
    "attorney.name": optionalText, "attorney.firm": optionalText, "attorney.phone": optionalText, "attorney.email": optionalText,
    "bankruptcy.chapter": z.enum(["7", "11", "13"]).optional(), "bankruptcy.filingDate": optionalText, "bankruptcy.caseNumber": optionalText,
    "deceased.dateOfDeath": optionalText, "deceased.estateRepresentative": optionalText,
  }),
  run: async ({ ctx, input: v, t }) => {
    const base = { caseId: v.caseId, note: v.note };
    const hold: PlaceHold =
      v.kind === "attorney" ? { ...base, kind: "attorney", attorney: { name: v["attorney.name"] ?? "", firm: v["attorney.firm"], phone: v["attorney.phone"], email: v["attorney.email"] } }
      : v.kind === "bankruptcy" ? { ...base, kind: "bankruptcy", bankruptcy: { chapter: v["bankruptcy.chapter"] ?? "7", filingDate: v["bankruptcy.filingDate"] ?? "", caseNumber: v["bankruptcy.caseNumber"] } }
      : v.kind === "deceased" ? { ...base, kind: "deceased", deceased: { dateOfDeath: v["deceased.dateOfDeath"], estateRepresentative: v["deceased.estateRepresentative"] } }
      : v.kind === "cease" ? { ...base, kind: "cease" }
      : { ...base, kind: v.kind };
    await placeHold(ctx, hold);
    return done(v.caseId, t("saved"));
  },
});

export const releaseHoldAction = defineAction({
  input: CaseForm.extend({ holdId: z.uuid("invalid_option"), reason: text }),
  run: async ({ ctx, input, t }) => {
    await releaseHold(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

/** The debtor's requests on how they may be contacted, each its own verb (and audit event). */
export const restrictionAction = defineAction({
  input: CaseForm.extend({ restriction: z.enum(["written_demand", "refused_calls", "no_workplace_contact"]) }),
  run: async ({ ctx, input, t }) => {
    const verb = { written_demand: recordWrittenContactDemand, refused_calls: recordCallRefusal, no_workplace_contact: recordNoWorkplaceContact }[input.restriction];
    await verb(ctx, { caseId: input.caseId });
    return done(input.caseId, t("saved"));
  },
});

export const optOutAction = defineAction({
  input: CaseForm.extend({ channel: z.enum(["call", "sms", "email", "letter", "voicemail"]), contactPointId: z.uuid().optional().or(z.literal("").transform(() => undefined)) }),
  run: async ({ ctx, input, t }) => {
    await recordOptOut(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

export const addContactAction = defineAction({
  input: z.discriminatedUnion("kind", [
    CaseForm.extend({ kind: z.literal("email"), value: text, isWorkplace: checkbox }),
    CaseForm.extend({ kind: z.literal("phone"), value: text, phoneType: z.enum(["mobile", "landline", "work"]).default("mobile"), consentCall: checkbox, consentSms: checkbox }),
  ]),
  run: async ({ ctx, input, t }) => {
    await addContactPoint(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

export const correctContactAction = defineAction({
  input: CaseForm.extend({ contactPointId: z.uuid("invalid_option"), status: z.enum(["valid", "wrong_number", "bounced", "disconnected"]) }),
  run: async ({ ctx, input, t }) => {
    await correctContactPoint(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

export const noteAction = defineAction({
  input: CaseForm.extend({ body: text }),
  run: async ({ ctx, input, t }) => {
    await addNote(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

/**
 * A callback at one of the offered times (an ISO instant the gate allows), or at a time typed in the
 * debtor's or the agent's wall clock. The domain refuses a time the gate would refuse and names the next.
 */
export const callbackAction = defineAction({
  input: CaseForm.extend({
    slot: z.string().default("custom"),
    dueAt: optionalText,
    zone: z.enum(["debtor", "agent"]).default("debtor"),
    debtorZone: z.string().min(1),
  }),
  run: async ({ ctx, input, user, t }) => {
    let at: Date | null;
    if (input.slot !== "custom") {
      at = new Date(input.slot);
      if (Number.isNaN(at.getTime())) at = null;
    } else {
      at = input.dueAt ? zonedToUtc(input.dueAt, input.zone === "debtor" ? input.debtorZone : user.timeZone) : null;
    }
    if (!at) throw new ValidationError("dueAt", "datetime_format");
    await bookCallback(ctx, { caseId: input.caseId, dueAt: at });
    return done(input.caseId, t("callbackBooked", { debtor: formatTime(at, input.debtorZone, user.locale), agent: formatTime(at, user.timeZone, user.locale) }));
  },
});

export const legalAction = defineAction({
  input: CaseForm.extend({ reason: text }),
  run: async ({ ctx, input, t }) => {
    await escalateToLegal(ctx, input);
    return done(input.caseId, t("saved"));
  },
});

export const revealAction = defineAction({
  input: CaseForm.extend({ contactPointId: z.uuid() }),
  run: async ({ ctx, input }) => {
    const r = await revealContactPoint(ctx, input);
    return { ok: true, result: r.value };
  },
});
