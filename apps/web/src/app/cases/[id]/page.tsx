import { getLocale, getTranslations } from "next-intl/server";
import { ruleMessage } from "@casebook/compliance/messages";
import { requireUser } from "@casebook/auth";
import {
  getCaseView, getCompliancePanel, NotFoundError, getQueueNeighbours, listMessageTemplates, outcomeChecklist, type CompliancePanel,
} from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { throwForPage } from "@/lib/errors";
import { formatDate, formatMoney, formatTime, minorDigits } from "@/lib/format";
import { Badge, decisionTone, Panel } from "@casebook/ui";
import { ActionForm, type FieldSpec } from "@/components/action-form";
import { CallFlow } from "./call-flow";
import { Reveal } from "./reveal";
import * as A from "./actions";

export default async function CasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const { id } = await params;
  const sp = await searchParams;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throwForPage(new NotFoundError("case", id));
  const ctx = await contextFor(user);
  // Each query checks the actor's right to the case itself, so they run side by side.
  const [view, nav, panel, templates] = await Promise.all([
    getCaseView(ctx, id).catch(throwForPage),
    getQueueNeighbours(ctx, id).catch(throwForPage),
    getCompliancePanel(ctx, id).catch((): CompliancePanel | null => null),
    listMessageTemplates(ctx, id).catch(() => []),
  ]);
  const locale = await getLocale();
  const t = await getTranslations("case");
  const ta = await getTranslations("actions");
  const tq = await getTranslations("queue");
  const tc = await getTranslations("common");
  const agentZone = user.timeZone;
  // Compliance officers review (notes, disputes, holds, opt-outs); the domain refuses them the rest too.
  const works = user.role !== "compliance";
  const debtorZone = view.person.timeZone;
  const money = (minor: number, cur = view.totals.currency) => formatMoney(minor, cur, locale);
  const qs = new URLSearchParams(Object.entries(sp).filter(([, v]) => typeof v === "string") as Array<[string, string]>).toString();
  const currency = view.totals.currency;
  const step = (1 / 10 ** minorDigits(currency)).toString();
  const hidden = { caseId: view.case.id, currency };
  const refusalLabels = { title: ta("refused"), notBefore: ta("notBefore", { at: "{at}" }), zone: view.person.timeZone, locale };
  const cpById = new Map(view.contactPoints.map((c) => [c.id, c]));
  const cpLabel = (cpId: string) => { const c = cpById.get(cpId); return c ? `${t(`kinds.${c.kind}`)} ${c.masked}${c.phoneType ? ` (${t(`phoneTypes.${c.phoneType}`)})` : ""}` : cpId; };
  const phones = view.contactPoints.filter((c) => c.kind === "phone" && c.status === "valid");
  const openAccounts = view.accounts.filter((a) => !["paid", "settled", "recalled", "closed"].includes(a.status));
  const checklist = outcomeChecklist(view.client.ruleSet, false);
  const thirdTargets = view.related.filter((r) => r.thirdParty && !r.refused).flatMap((r) => r.contactPoints.filter((c) => c.kind === "phone").map((c) => ({ value: `${r.id}:${c.id}`, label: `${r.name} · ${t(`relationships.${r.relationship}`)} · ${c.masked}` })));
  const dual = (at: Date) => (
    <span>{formatTime(at, agentZone, locale)} <span className="muted small">· {tc("debtorTime")} {formatTime(at, debtorZone, locale)}</span></span>
  );
  const outcomeFields = (thirdParty: boolean): FieldSpec[] => {
    const need = thirdParty ? outcomeChecklist(view.client.ruleSet, true) : checklist;
    const outcomes = thirdParty ? ["no_answer", "wrong_party", "refused", "not_connected"] : ["no_answer", "voicemail", "conversation", "wrong_party", "not_connected", "refused"];
    return [
      { name: "outcome", label: ta("outcomeLabel"), type: "select", options: outcomes.map((o) => ({ value: o, label: ta(`outcomes.${o}` as never) })) },
      ...(need.identity ? [{ name: "identityStatementGiven", label: ta("identity", { staff: user.staffNumber, agency: view.client.agencyName }), type: "checkbox" as const }] : []),
      ...(need.miniMiranda ? [{ name: "miniMirandaGiven", label: ta("miniMiranda"), type: "checkbox" as const }] : []),
    ];
  };

  return (
    <>
      <div className="casenav">
        <a href={`/queue?${qs}`}>← {tc("queue")}</a>
        <span>
          {nav.prev ? <a href={`/cases/${nav.prev}?${qs}`} rel="prev" data-testid="prev-case">{t("prevCase")}</a> : null}{" "}
          {nav.next ? <a href={`/cases/${nav.next}?${qs}`} rel="next" data-testid="next-case">{t("nextCase")}</a> : null}
        </span>
      </div>
      <h1 data-testid="case-title">{view.person.fullName} <span className="muted small">{view.client.name} · {t("total")} {money(view.totals.balanceMinor)}</span>{" "}
        <span className="badge" data-reason={view.case.priorityReason}>{tq(`reasons.${view.case.priorityReason}` as never)}</span>
        {view.holds.filter((h) => h.active).map((h) => <span key={h.id} className="badge bad"> {t(`holdKinds.${h.kind}` as never)}</span>)}
        {view.case.queue === "legal" ? <span className="badge warn"> {tq("statuses.legal")}</span> : null}
      </h1>
      <div className="case-layout">
        <div>
          <section className="panel" aria-labelledby="h-person">
            <h2 id="h-person">{t("person")}</h2>
            <dl className="kv">
              <dt>{t("zone")}</dt><dd>{view.person.timeZones.join(", ") || debtorZone} · {view.person.country}{view.person.region ? `-${view.person.region}` : ""}</dd>
              <dt>{tc("agentTime")} / {tc("debtorTime")}</dt><dd data-testid="dual-time">{dual(ctx.now)}</dd>
              <dt>{t("ruleSet")}</dt><dd>{view.client.ruleSet} · {view.client.agencyName}</dd>
              <dt>{t("owner")}</dt><dd>{view.case.owner ?? "—"}</dd>
              <dt>{t("holds")}</dt><dd>{view.holds.some((h) => h.active) ? view.holds.filter((h) => h.active).map((h) => t(`holdKinds.${h.kind}` as never)).join(", ") : t("noHolds")}</dd>
            </dl>
          </section>
          <section className="panel" aria-labelledby="h-cp">
            <h2 id="h-cp">{t("contactPoints")}</h2>
            <table className="grid"><tbody>
              {view.contactPoints.map((c) => (
                <tr key={c.id} data-testid="contact-point">
                  <td>{t(`kinds.${c.kind}`)}{c.phoneType ? ` · ${t(`phoneTypes.${c.phoneType}`)}` : ""}</td>
                  <td><Reveal action={A.revealAction} caseId={view.case.id} contactPointId={c.id} masked={c.masked} label={tc("reveal")} /></td>
                  <td className="small">
                    {c.isPrimary ? <span className="badge">{t("primary")}</span> : null} {c.isWorkplace ? <span className="badge warn">{t("workplace")}</span> : null}{" "}
                    {c.status !== "valid" ? <span className="badge bad">{ta(`statuses.${c.status}` as never)}</span> : null}{" "}
                    {c.optedOut.length ? <span className="badge bad">{t("optedOut", { channels: c.optedOut.map((ch) => t(`channels.${ch}` as never)).join(", ") })}</span> : null}{" "}
                    {c.consentCall || c.consentSms ? <span className="badge ok">{t("consent")}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody></table>
          </section>
          <section className="panel" aria-labelledby="h-debts">
            <h2 id="h-debts">{t("debts")}</h2>
            <table className="grid">
              <thead><tr><th>{t("reference")}</th><th>{t("creditor")}</th><th className="num">{t("balance")}</th><th className="num">{t("placed")}</th><th>{t("dueDate")}</th><th className="num">{t("dpd")}</th><th>{tq("bucket")}</th><th>{tq("status")}</th></tr></thead>
              <tbody>{view.accounts.map((a) => (
                <tr key={a.id}><td>{a.clientReference}</td><td>{a.originalCreditor}</td><td className="num">{money(a.balanceMinor, a.currency)}</td><td className="num">{money(a.placedBalanceMinor, a.currency)}</td>
                  <td>{formatDate(a.dueDate, locale)}</td><td className="num">{a.dpd}</td><td>{tq(`buckets.${a.bucket}` as never)}</td><td><span className={`badge ${a.status === "disputed" ? "bad" : ""}`}>{tq(`statuses.${a.status}` as never)}</span></td></tr>
              ))}</tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="h-related">
            <h2 id="h-related">{t("related")}</h2>
            {view.related.length === 0 ? <p className="muted">{t("noRelated")}</p> : (
              <table className="grid"><tbody>{view.related.map((r) => (
                <tr key={r.id} data-testid="related-party" data-third-party={r.thirdParty}>
                  <td>{r.name}</td><td>{t(`relationships.${r.relationship}` as never)}{r.relationLabel ? ` (${r.relationLabel})` : ""}</td>
                  <td>{r.thirdParty ? <span className="badge third">{t("thirdParty")}</span> : r.countsAsConsumer ? <span className="badge">{t("countsAsConsumer")}</span> : null}{r.refused ? <span className="badge bad"> {t("refused")}</span> : null}</td>
                  <td className="small muted">{r.contactPoints.map((c) => c.masked).join(", ")}</td>
                </tr>
              ))}</tbody></table>
            )}
          </section>
          <section className="panel" aria-labelledby="h-timeline">
            <h2 id="h-timeline">{t("timeline")}</h2>
            {view.timeline.length === 0 ? <p className="muted">{t("noTimeline")}</p> : (
              <ol className="timeline" data-testid="timeline">{view.timeline.map((e) => (
                <li key={`${e.kind}-${e.id}`} data-kind={e.kind}>
                  <span className="small">{formatTime(e.at, agentZone, locale)}<br /><span className="muted">{formatTime(e.at, debtorZone, locale)}</span></span>
                  <span><strong>{t(`timelineKinds.${e.kind}`)}</strong>{" "}
                    {e.kind === "contact" ? <>{t(`channels.${e.channel}` as never)} · {e.partyRole} · {e.purpose} · <span data-testid="contact-outcome">{t(`outcomes.${e.outcome ?? "pending"}` as never)}</span> · {e.referenceCode}{e.agent ? ` · ${e.agent}` : ""}</> : null}
                    {e.kind === "decision" ? <>{t(`channels.${e.channel}` as never)} · <span className="badge bad">{t(`decisions.${e.decision}` as never)}</span> {e.rules.join(", ")}</> : null}
                    {e.kind === "payment" ? <>{money(e.amountMinor, e.currency)} · {ta(`methods.${e.method}` as never)} · {e.status}</> : null}
                    {e.kind === "promise" ? <>{money(e.amountMinor, e.currency)} → {formatDate(e.dueDate, locale)} · {e.status}</> : null}
                    {e.kind === "plan" ? <>{money(e.totalMinor, e.currency)} / {e.installmentCount} · {e.status}</> : null}
                    {e.kind === "note" ? <>{e.body}{e.author ? <span className="muted"> — {e.author}</span> : null}</> : null}
                    {e.kind === "dispute" ? <>{e.status} · {e.reason}</> : null}
                    {e.kind === "hold" ? <>{t(`holdKinds.${e.holdKind}` as never)}{e.released ? " (released)" : ""}</> : null}
                    {e.kind === "callback" ? <>{dual(e.dueAt)}</> : null}
                  </span>
                </li>
              ))}</ol>
            )}
          </section>
        </div>
        <div>
          <Panel id="compliance" title={t("compliance")} testId="compliance-panel">
            {!panel ? <p className="form-error">{t("complianceUnavailable")}</p> : (
              <>
                <table className="grid"><tbody>{panel.cells.map((cell) => (
                  <tr key={`${cell.contactPointId}-${cell.channel}`} data-testid="compliance-cell" data-decision={cell.decision} data-channel={cell.channel}>
                    <td>{t(`channels.${cell.channel}`)}</td><td className="small">{cpLabel(cell.contactPointId)}</td>
                    <td>
                      <Badge tone={decisionTone(cell.decision)}>
                        {cell.decision === "allow" ? t("allowedNow")
                          : cell.decision === "defer" && cell.notBefore ? t("nextAllowed", { at: formatTime(new Date(cell.notBefore), debtorZone, locale) })
                          : t("blocked")}
                      </Badge>
                      {cell.results.length ? <ul className="rules">{cell.results.map((r) => <li key={r.rule}><code>{r.rule}</code> {ruleMessage(r.rule, locale)}</li>)}</ul> : null}
                    </td>
                  </tr>
                ))}</tbody></table>
                <p className="small" data-testid="call-usage"><strong>{t("callsThisWeek")}:</strong>{" "}
                  {panel.usage.map((u) => <Badge key={u.debtId} tone={u.limit !== null && u.used >= u.limit ? "bad" : "neutral"}>{t("perDebt", { ref: u.clientReference, used: u.used, max: u.limit ?? "—" })}</Badge>)}
                </p>
              </>
            )}
          </Panel>
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
                  script={{ title: ta("locationScript"), body: ta("locationScriptBody", { agent: user.name, debtor: view.person.fullName }) }}
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
              <ActionForm action={A.paymentAction} hidden={hidden} submitLabel={ta("post")} testId="payment" fields={[
                { name: "amountMinor", label: ta("amount", { currency }), type: "number", step, required: true },
                { name: "method", label: ta("method"), type: "select", options: (currency === "CNY" ? ["alipay", "wechat_pay", "unionpay", "bank_transfer", "cash"] : ["card", "ach", "check", "bank_transfer", "cash"]).map((m) => ({ value: m, label: ta(`methods.${m}` as never) })) },
                { name: "reference", label: ta("paymentRef") },
              ]} />
            </details>
            )}
            {works && (
            <details className="action">
              <summary>{ta("message")}</summary>
              <ActionForm action={A.sendMessageAction} hidden={hidden} submitLabel={ta("send")} testId="message" refusalLabels={refusalLabels} fields={[
                { name: "templateId", label: ta("template"), type: "select", options: templates.map((tp) => ({ value: tp.id, label: `${t(`channels.${tp.channel}` as never)} · ${tp.code}` })) },
                { name: "contactPointId", label: ta("contactPoint"), type: "select", options: view.contactPoints.filter((c) => c.kind !== "address" && c.status === "valid").map((c) => ({ value: c.id, label: cpLabel(c.id) })) },
              ]} />
            </details>
            )}
            {works && (
            <details className="action">
              <summary>{ta("callback")}</summary>
              <ActionForm action={A.callbackAction} hidden={hidden} submitLabel={ta("book")} testId="callback" fields={[{ name: "dueAt", label: ta("callbackAt"), type: "datetime-local", required: true }]} />
            </details>
            )}
            <details className="action">
              <summary>{ta("addNote")}</summary>
              <ActionForm action={A.noteAction} hidden={hidden} submitLabel={ta("saveNote")} testId="note" fields={[{ name: "body", label: ta("noteBody"), type: "textarea", required: true }]} />
            </details>
            <details className="action">
              <summary>{ta("dispute")}</summary>
              <ActionForm action={A.disputeAction} hidden={hidden} submitLabel={ta("openDispute")} testId="dispute" fields={[
                { name: "accountId", label: ta("account"), type: "select", options: openAccounts.map((a) => ({ value: a.id, label: `${a.clientReference} · ${money(a.balanceMinor, a.currency)}` })) },
                { name: "receivedVia", label: ta("via"), type: "select", options: ["written", "oral", "portal", "email"].map((v) => ({ value: v, label: ta(`viaOptions.${v}` as never) })) },
                { name: "reason", label: ta("reason"), type: "textarea", required: true },
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
                { name: "status", label: ta("status"), type: "select", options: ["valid", "wrong_number", "bounced", "disconnected"].map((s) => ({ value: s, label: ta(`statuses.${s}` as never) })) },
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
        </div>
      </div>
    </>
  );
}
