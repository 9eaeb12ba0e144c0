import { getTranslations } from "next-intl/server";
import { isClosedAccountStatus, outcomeChecklist } from "@casebook/domain";
import { ActionForm, type FieldSpec, type RefusalLabels } from "@/components/action-form";
import { formatTime, minorDigits } from "@/lib/format";
import { translatorFor } from "@/lib/translator";
import { CallFlow } from "../call-flow";
import * as A from "../actions";
import { money, type CaseScreen } from "./screen";

/** Every action of the case screen; compliance officers get the review actions only (the domain refuses
 *  them the rest too). */
export async function ActionsSection({ s, templates, callbackTimes, cpLabel }: {
  s: CaseScreen;
  templates: Array<{ id: string; channel: string; code: string; subject: string | null }>;
  callbackTimes: Date[];
  cpLabel: (id: string) => string;
}) {
  const [t, ta] = await Promise.all([getTranslations("case"), getTranslations("actions")]);
  const { view, user } = s;
  const works = user.role !== "compliance";
  const currency = view.totals.currency;
  const step = (1 / 10 ** minorDigits(currency)).toString();
  const hidden = { caseId: view.case.id, currency, debtorZone: s.debtorZone };
  const refusalLabels: RefusalLabels = {
    title: ta("refused"), notBefore: ta("notBefore", { at: "{at}" }), zone: s.debtorZone, locale: s.locale,
    decisions: { defer: t("decisions.defer"), block: t("decisions.block") },
  };
  const phones = view.contactPoints.filter((c) => c.kind === "phone" && c.status === "valid");
  const openAccounts = view.accounts.filter((a) => !isClosedAccountStatus(a.status));
  const thirdParties = view.related.filter((r) => r.thirdParty && !r.refused);
  const thirdTargets = thirdParties.flatMap((r) => r.contactPoints.filter((c) => c.kind === "phone").map((c) => ({ value: `${r.id}:${c.id}`, label: `${r.name} · ${t(`relationships.${r.relationship}` as never)} · ${c.masked}` })));
  // A script read to a third party is in that person's language, not the agent's.
  const scripts = await Promise.all(thirdParties.map(async (r) => {
    const tp = await translatorFor(r.preferredLanguage, "actions");
    // What is said is in the party's language; the rules for saying it are in the agent's.
    return { title: ta("scriptFor", { name: r.name }), body: tp("locationScriptBody", { agent: user.name, debtor: view.person.fullName }), lang: r.preferredLanguage, rules: ta("locationScriptRules") };
  }));
  const outcomeFields = (thirdParty: boolean): FieldSpec[] => {
    const need = outcomeChecklist(view.client.ruleSet, thirdParty);
    const outcomes = thirdParty ? ["no_answer", "wrong_party", "refused", "not_connected"] : ["no_answer", "voicemail", "conversation", "wrong_party", "not_connected", "refused"];
    return [
      { name: "outcome", label: ta("outcomeLabel"), type: "select", options: outcomes.map((o) => ({ value: o, label: ta(`outcomes.${o}` as never) })) },
      ...(need.identity ? [{ name: "identityStatementGiven", label: ta("identity", { staff: user.staffNumber, agency: view.client.agencyName }), type: "checkbox" as const }] : []),
      ...(need.miniMiranda ? [{ name: "miniMirandaGiven", label: ta("miniMiranda"), type: "checkbox" as const }] : []),
    ];
  };
  const slot = (at: Date) => ta("slotLabel", { debtor: formatTime(at, s.debtorZone, s.locale), agent: formatTime(at, s.agentZone, s.locale) });
  const templateLabel = (tp: (typeof templates)[number], i: number) => {
    const channel = t(`channels.${tp.channel}` as never);
    return tp.subject ? ta("templateLabel", { channel, subject: tp.subject }) : ta("templateNoSubject", { channel, n: i + 1 });
  };
  const activeHolds = view.holds.filter((h) => h.active);

  return (
    <section className="panel" aria-labelledby="h-actions">
      <h2 id="h-actions">{t("actions")}</h2>
      {works && (
        <details className="action" open>
          <summary>{ta("call")}</summary>
          <CallFlow startAction={A.startCallAction} outcomeAction={A.recordOutcomeAction} caseId={view.case.id} testId="call"
            startFields={[{ name: "contactPointId", label: ta("contactPoint"), type: "select", options: phones.map((c) => ({ value: c.id, label: cpLabel(c.id) })) },
              { name: "purpose", label: ta("purpose"), type: "select", options: ["collection", "validation", "dispute_response"].map((p) => ({ value: p, label: ta(`purposes.${p}` as never) })) }]}
            startLabel={ta("start")} outcomeFields={outcomeFields(false)} outcomeLabel={ta("outcome")} refusalLabels={refusalLabels} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("thirdParty")}</summary>
          {thirdTargets.length === 0 ? <p className="muted">{ta("noThirdParties")}</p> : (
            <CallFlow startAction={A.startThirdPartyCallAction} outcomeAction={A.recordOutcomeAction} caseId={view.case.id} testId="third-party-call"
              scripts={scripts}
              startFields={[{ name: "target", label: ta("thirdPartyWho"), type: "select", options: thirdTargets }]}
              startLabel={ta("startThirdParty")} outcomeFields={outcomeFields(true)} outcomeLabel={ta("outcome")} refusalLabels={refusalLabels} />
          )}
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("promise")}</summary>
          <ActionForm action={A.promiseAction} hidden={hidden} submitLabel={ta("recordPromise")} testId="promise" fields={[
            { name: "amountMinor", label: ta("amount", { currency }), type: "number", step, required: true },
            { name: "dueDate", label: ta("dueDate"), type: "date", required: true },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("plan")}</summary>
          <ActionForm action={A.planAction} hidden={hidden} submitLabel={ta("createPlan")} testId="plan" fields={[
            { name: "totalMinor", label: ta("total", { currency }), type: "number", step, required: true, defaultValue: (view.totals.balanceMinor / 10 ** minorDigits(currency)).toString() },
            { name: "installmentCount", label: ta("installments"), type: "number", required: true, defaultValue: "6" },
            { name: "frequency", label: ta("frequency"), type: "select", defaultValue: "monthly", options: ["weekly", "biweekly", "monthly"].map((f) => ({ value: f, label: ta(`frequencies.${f}` as never) })) },
            { name: "firstDueDate", label: ta("firstDue"), type: "date", required: true },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("payment")}</summary>
          <ActionForm action={A.paymentAction} hidden={{ caseId: view.case.id }} submitLabel={ta("post")} testId="payment" fields={[
            { name: "amount", label: ta("amount", { currency }), type: "number", step, required: true },
            { name: "method", label: ta("method"), type: "select", options: (currency === "CNY" ? ["alipay", "wechat_pay", "unionpay", "bank_transfer", "cash"] : ["card", "ach", "check", "bank_transfer", "cash"]).map((m) => ({ value: m, label: ta(`methods.${m}` as never) })) },
            { name: "reference", label: ta("paymentRef") },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("message")}</summary>
          <ActionForm action={A.sendMessageAction} hidden={hidden} submitLabel={ta("send")} testId="message" refusalLabels={refusalLabels} fields={[
            { name: "templateId", label: ta("template"), type: "select", options: templates.map((tp, i) => ({ value: tp.id, label: templateLabel(tp, i) })) },
            { name: "contactPointId", label: ta("contactPoint"), type: "select", options: view.contactPoints.filter((c) => c.kind !== "address" && c.status === "valid").map((c) => ({ value: c.id, label: cpLabel(c.id) })) },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("paymentLink")}</summary>
          <p className="muted small">{ta("paymentLinkHint")}</p>
          <ActionForm action={A.sendPaymentLinkAction} hidden={hidden} submitLabel={ta("sendPaymentLink")} testId="payment-link" refusalLabels={refusalLabels} fields={[
            { name: "contactPointId", label: ta("contactPoint"), type: "select", options: view.contactPoints.filter((c) => (c.kind === "phone" || c.kind === "email") && c.status === "valid").map((c) => ({ value: c.id, label: cpLabel(c.id) })) },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("callback")}</summary>
          {callbackTimes.length === 0 ? <p className="muted small" data-testid="no-callback-slots">{ta("noSlots")}</p> : null}
          <ActionForm action={A.callbackAction} hidden={hidden} submitLabel={ta("book")} testId="callback" fields={[
            { name: "slot", label: ta("callbackSlot"), type: "select", options: [...callbackTimes.map((at) => ({ value: at.toISOString(), label: slot(at) })), { value: "custom", label: ta("callbackOther") }] },
            { name: "dueAt", label: ta("callbackAt"), type: "datetime-local", showWhen: { field: "slot", values: ["custom"] } },
            { name: "zone", label: ta("callbackZone"), type: "select", showWhen: { field: "slot", values: ["custom"] }, options: [
              { value: "debtor", label: ta("zoneDebtor", { zone: s.debtorZone }) }, { value: "agent", label: ta("zoneAgent", { zone: s.agentZone }) }] },
          ]} />
        </details>
      )}
      <details className="action">
        <summary>{ta("addNote")}</summary>
        <ActionForm action={A.noteAction} hidden={hidden} submitLabel={ta("saveNote")} testId="note" fields={[{ name: "body", label: ta("noteBody"), type: "textarea", required: true }]} />
      </details>
      <details className="action">
        <summary>{ta("dispute")}</summary>
        <ActionForm action={A.disputeAction} hidden={hidden} submitLabel={ta("openDispute")} testId="dispute" fields={[
          { name: "accountId", label: ta("account"), type: "select", options: openAccounts.map((a) => ({ value: a.id, label: `${a.clientReference} · ${money(s, a.balanceMinor, a.currency)}` })) },
          { name: "ground", label: ta("ground"), type: "select", options: ["existence", "amount", "identity", "other"].map((g) => ({ value: g, label: ta(`grounds.${g}` as never) })) },
          { name: "receivedVia", label: ta("via"), type: "select", options: ["written", "oral", "portal", "email"].map((v) => ({ value: v, label: ta(`viaOptions.${v}` as never) })) },
          { name: "reason", label: ta("reason"), type: "textarea", required: true },
        ]} />
      </details>
      <details className="action">
        <summary>{ta("restrictions")}</summary>
        <ActionForm action={A.restrictionAction} hidden={hidden} submitLabel={ta("recordRestriction")} testId="restriction" fields={[
          { name: "restriction", label: ta("restriction"), type: "select", options: ["written_demand", "refused_calls", "no_workplace_contact"].map((r) => ({ value: r, label: ta(`restrictionOptions.${r}` as never) })) },
        ]} />
      </details>
      <details className="action">
        <summary>{ta("hold")}</summary>
        <ActionForm action={A.holdAction} hidden={hidden} submitLabel={ta("placeHold")} testId="hold" fields={[
          { name: "kind", label: ta("holdKind"), type: "select", options: ["cease", "attorney", "bankruptcy", "deceased", "hardship", "fraud", "lacks_capacity"].map((k) => ({ value: k, label: t(`holdKinds.${k}` as never) })) },
          { name: "attorney.name", label: ta("attorneyName"), showWhen: { field: "kind", values: ["attorney"] }, required: true },
          { name: "attorney.firm", label: ta("attorneyFirm"), showWhen: { field: "kind", values: ["attorney"] } },
          { name: "attorney.phone", label: ta("attorneyPhone"), type: "tel", showWhen: { field: "kind", values: ["attorney"] }, placeholder: "+12125550100" },
          { name: "attorney.email", label: ta("attorneyEmail"), type: "email", showWhen: { field: "kind", values: ["attorney"] } },
          { name: "bankruptcy.chapter", label: ta("chapter"), type: "select", options: ["7", "11", "13"].map((c) => ({ value: c, label: c })), showWhen: { field: "kind", values: ["bankruptcy"] } },
          { name: "bankruptcy.filingDate", label: ta("filingDate"), type: "date", showWhen: { field: "kind", values: ["bankruptcy"] } },
          { name: "bankruptcy.caseNumber", label: ta("caseNumber"), showWhen: { field: "kind", values: ["bankruptcy"] } },
          { name: "deceased.dateOfDeath", label: ta("dateOfDeath"), type: "date", showWhen: { field: "kind", values: ["deceased"] } },
          { name: "deceased.estateRepresentative", label: ta("estateRep"), showWhen: { field: "kind", values: ["deceased"] } },
          { name: "note", label: ta("note"), type: "textarea" },
        ]} />
      </details>
      {activeHolds.length > 0 && (
        <details className="action">
          <summary>{ta("releaseHold")}</summary>
          <ActionForm action={A.releaseHoldAction} hidden={hidden} submitLabel={ta("release")} testId="release-hold" fields={[
            { name: "holdId", label: ta("holdToRelease"), type: "select", options: activeHolds.map((h) => ({ value: h.id, label: `${t(`holdKinds.${h.kind}` as never)}${h.note ? ` · ${h.note}` : ""}` })) },
            { name: "reason", label: ta("releaseReason"), type: "textarea", required: true },
          ]} />
        </details>
      )}
      <details className="action">
        <summary>{ta("optOut")}</summary>
        <ActionForm action={A.optOutAction} hidden={hidden} submitLabel={ta("recordOptOut")} testId="opt-out" fields={[
          { name: "channel", label: ta("channel"), type: "select", options: ["call", "sms", "email", "letter", "voicemail"].map((c) => ({ value: c, label: t(`channels.${c}` as never) })) },
          { name: "contactPointId", label: ta("contactPoint"), type: "select", options: [{ value: "", label: ta("wholeChannel") }, ...view.contactPoints.map((c) => ({ value: c.id, label: cpLabel(c.id) }))] },
        ]} />
      </details>
      {works && (
        <details className="action">
          <summary>{ta("addContact")}</summary>
          <ActionForm action={A.addContactAction} hidden={hidden} submitLabel={ta("add")} testId="add-contact" fields={[
            { name: "kind", label: ta("kind"), type: "select", options: [{ value: "phone", label: t("kinds.phone") }, { value: "email", label: t("kinds.email") }] },
            { name: "value", label: ta("value"), required: true },
            { name: "phoneType", label: ta("phoneType"), type: "select", showWhen: { field: "kind", values: ["phone"] }, options: ["mobile", "landline", "work"].map((p) => ({ value: p, label: t(`phoneTypes.${p}` as never) })) },
            { name: "consentCall", label: ta("consentCall"), type: "checkbox", showWhen: { field: "kind", values: ["phone"] } },
            { name: "consentSms", label: ta("consentSms"), type: "checkbox", showWhen: { field: "kind", values: ["phone"] } },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("correctContact")}</summary>
          <ActionForm action={A.correctContactAction} hidden={hidden} submitLabel={ta("correct")} testId="correct-contact" fields={[
            { name: "contactPointId", label: ta("contactPoint"), type: "select", options: view.contactPoints.map((c) => ({ value: c.id, label: cpLabel(c.id) })) },
            { name: "status", label: ta("status"), type: "select", options: ["valid", "wrong_number", "bounced", "disconnected"].map((st) => ({ value: st, label: ta(`statuses.${st}` as never) })) },
          ]} />
        </details>
      )}
      {works && (
        <details className="action">
          <summary>{ta("legal")}</summary>
          <ActionForm action={A.legalAction} hidden={hidden} submitLabel={ta("escalate")} testId="legal" fields={[{ name: "reason", label: ta("reason"), type: "textarea", required: true }]} />
        </details>
      )}
    </section>
  );
}
