import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getPortalView } from "@casebook/domain";
import { formatDate, formatMoney, formatTime } from "@/lib/format";
import { portalContext } from "@/lib/portal/session";
import { disputeAction, noWorkplaceAction, optOutAction, payAction, planAction, preferencesAction, promiseAction, signOutAction, writtenOnlyAction } from "../actions";
import { PortalForm } from "../portal-form";

export const metadata: Metadata = { title: "Casebook · Portal" };
export const dynamic = "force-dynamic";

/** Everything the debtor sees and does, on one page that works on a phone. */
export default async function PortalHome({ searchParams }: { searchParams: Promise<{ payment?: string }> }) {
  const ctx = await portalContext();
  const view = await getPortalView(ctx);
  const locale = await getLocale();
  const t = await getTranslations("portal");
  const tc = await getTranslations("case");
  const tq = await getTranslations("queue");
  const ta = await getTranslations("actions");
  const { payment } = await searchParams;
  const time = (at: Date) => formatTime(at, view.zone, locale);
  return (
    <>
      <div className="bar">
        <h1>{t("homeTitle")}</h1>
        <form action={signOutAction}><button type="submit" className="secondary">{t("signOut")}</button></form>
      </div>
      {payment === "succeeded" ? <p className="ok" role="status">{t("paymentThanks")}</p> : payment === "failed" ? <p className="error" role="alert">{t("paymentFailed")}</p> : null}
      {view.cases.length === 0 ? <p className="panel">{t("nothingOwed")}</p> : null}
      {view.cases.map((c) => (
        <section className="panel" key={c.caseId} aria-labelledby={`case-${c.caseId}`} data-testid="portal-case">
          <h2 id={`case-${c.caseId}`}>{t("collectedBy", { agency: c.agencyName })}</h2>
          {/* A table wider than the phone scrolls in its own box, which a keyboard can reach (axe). */}
          <div className="scroll" tabIndex={0} role="region" aria-label={t("debts")}>
            <table className="list">
              <caption className="skip">{t("debts")}</caption>
              <thead><tr><th scope="col">{t("creditor")}</th><th scope="col">{t("account")}</th><th scope="col" className="num">{t("balance")}</th><th scope="col">{t("status")}</th></tr></thead>
              <tbody>
                {c.debts.map((d) => (
                  <tr key={d.accountId} data-testid="portal-debt">
                    <td>{d.creditor}</td><td>•••• {d.accountRef}</td>
                    <td className="num" data-testid="portal-balance">{formatMoney(d.balanceMinor, d.currency, locale)}</td>
                    <td>{d.disputed ? <span className="badge warn">{t("disputed")}</span> : tq(`statuses.${d.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {c.promise ? <p>{t("promiseOn", { amount: formatMoney(c.promise.amountMinor, c.promise.currency, locale), date: formatDate(c.promise.dueDate, locale) })}</p> : null}
          {c.plan ? <p>{t("planIs", { status: tc(`planStatuses.${c.plan.status}`), count: c.plan.installments.length, total: formatMoney(c.plan.totalMinor, c.plan.currency, locale) })}</p> : null}
          <h3>{t("payments")}</h3>
          {c.payments.length === 0 ? <p className="muted">{t("noPayments")}</p> : (
            <ul data-testid="portal-payments">
              {c.payments.map((p) => <li key={p.id}>{time(p.at)} · {formatMoney(p.amountMinor, p.currency, locale)} · {ta(`methods.${p.method}`)}{p.status === "reversed" ? ` · ${tc(`paymentStatuses.${p.status}`)}` : ""}</li>)}
            </ul>
          )}
          <details>
            <summary>{t("pay")}</summary>
            <PortalForm action={payAction} submit={t("payStart")} testId="portal-pay">
              <input type="hidden" name="caseId" value={c.caseId} />
              <label>{t("amount")}<input name="amount" required inputMode="decimal" /></label>
            </PortalForm>
          </details>
          <details>
            <summary>{t("promise")}</summary>
            <PortalForm action={promiseAction} submit={t("promiseSubmit")} testId="portal-promise">
              <input type="hidden" name="caseId" value={c.caseId} />
              <label>{t("amount")}<input name="amount" required inputMode="decimal" /></label>
              <label>{t("promiseDate")}<input name="dueDate" type="date" required /></label>
              <p className="muted small">{t("promiseLimit", { days: c.limits.promiseMaxDays })}</p>
            </PortalForm>
          </details>
          <details>
            <summary>{t("plan")}</summary>
            <PortalForm action={planAction} submit={t("planSubmit")} testId="portal-plan">
              <input type="hidden" name="caseId" value={c.caseId} />
              <label>{t("planTotal")}<input name="total" required inputMode="decimal" /></label>
              <div className="row2">
                <label>{t("planInstallments")}<input name="installments" type="number" min={1} max={120} required /></label>
                <label>{t("planFrequency")}<select name="frequency" defaultValue="monthly">{(["weekly", "biweekly", "monthly"] as const).map((f) => <option key={f} value={f}>{ta(`frequencies.${f}`)}</option>)}</select></label>
              </div>
              <label>{t("planFirst")}<input name="firstDueDate" type="date" required /></label>
              <p className="muted small">{t("planLimits", { installments: c.limits.planMaxInstallments, months: c.limits.planMaxMonths })}</p>
            </PortalForm>
          </details>
          <details>
            <summary>{t("dispute")}</summary>
            <PortalForm action={disputeAction} submit={t("disputeSubmit")} testId="portal-dispute" multipart>
              <input type="hidden" name="caseId" value={c.caseId} />
              <label>{t("disputeDebt")}<select name="accountId">{c.debts.map((d) => <option key={d.accountId} value={d.accountId}>{d.creditor} •••• {d.accountRef}</option>)}</select></label>
              <label>{t("disputeGround")}<select name="ground" defaultValue="other">{(["existence", "amount", "identity", "other"] as const).map((g) => <option key={g} value={g}>{ta(`grounds.${g}`)}</option>)}</select></label>
              <label>{t("disputeReason")}<textarea name="reason" required minLength={3} maxLength={2000} rows={4} /></label>
              <label>{t("disputeDocument")}<input name="document" type="file" accept="application/pdf,image/png,image/jpeg" /></label>
              <p className="muted small">{t("disputeDocumentHint")}</p>
            </PortalForm>
          </details>
        </section>
      ))}
      <section className="panel" aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t("contacts")}</h2>
        <p className="muted small">{t("contactsIntro")}</p>
        <div className="scroll" tabIndex={0} role="region" aria-labelledby="contacts-title">
          <table className="list" data-testid="portal-contacts">
            <thead><tr><th scope="col">{t("when")}</th><th scope="col">{t("channel")}</th><th scope="col">{t("staffNumber")}</th><th scope="col">{t("outcome")}</th><th scope="col">{t("reference")}</th></tr></thead>
            <tbody>
              {view.contacts.map((x) => (
                <tr key={x.referenceCode}><td>{time(x.at)}</td><td>{tc(`channels.${x.channel}`)}</td><td>{x.staffNumber}</td><td>{tc(`outcomes.${x.outcome ?? "pending"}`)}</td><td>{x.referenceCode}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
        {view.contacts.length === 0 ? <p className="muted">{t("noContacts")}</p> : null}
      </section>
      <section className="panel" aria-labelledby="prefs-title">
        <h2 id="prefs-title">{t("preferences")}</h2>
        {view.preferences.writtenOnly ? <p className="ok" data-testid="written-only-on">{t("writtenOnlyOn")}</p> : (
          <PortalForm action={writtenOnlyAction} submit={t("writtenOnlyChoose")} testId="portal-written-only">
            <p>{t("writtenOnlyExplain")}</p>
          </PortalForm>
        )}
        {view.preferences.noWorkplaceContact ? <p className="ok" data-testid="no-workplace-on">{t("noWorkplaceOn")}</p> : (
          <PortalForm action={noWorkplaceAction} submit={t("noWorkplaceChoose")} testId="portal-no-workplace">
            <p>{t("noWorkplaceExplain")}</p>
          </PortalForm>
        )}
        <h3>{t("optOut")}</h3>
        <PortalForm action={optOutAction} submit={t("optOutSubmit")} testId="portal-opt-out">
          <label>{t("optOutWhat")}<select name="target">
            {(["call", "sms", "email", "letter"] as const).filter((ch) => !view.preferences.channelOptOuts.includes(ch)).map((ch) => <option key={ch} value={ch}>{t("optOutChannel", { channel: tc(`channels.${ch}`) })}</option>)}
            {view.preferences.contactPoints.flatMap((p) => (p.kind === "phone" ? (["call", "sms"] as const) : p.kind === "email" ? (["email"] as const) : (["letter"] as const))
              .filter((ch) => !p.optedOut.includes(ch)).map((ch) => <option key={`${ch}:${p.id}`} value={`${ch}:${p.id}`}>{t("optOutAddress", { channel: tc(`channels.${ch}`), address: p.masked })}</option>))}
          </select></label>
        </PortalForm>
        <h3>{t("timesAndLanguage")}</h3>
        <PortalForm action={preferencesAction} submit={t("save")} testId="portal-preferences">
          <div className="row2">
            <label>{t("inconvenientFrom")}<input name="from" type="time" defaultValue={view.preferences.inconvenientWindows[0]?.from ?? ""} /></label>
            <label>{t("inconvenientTo")}<input name="to" type="time" defaultValue={view.preferences.inconvenientWindows[0]?.to ?? ""} /></label>
          </div>
          <label>{t("language")}<select name="language" defaultValue={view.preferences.preferredLanguage}><option value="en">English</option><option value="zh-CN">中文（简体）</option></select></label>
        </PortalForm>
      </section>
    </>
  );
}
