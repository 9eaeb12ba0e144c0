import { getTranslations } from "next-intl/server";
import { ruleMessage } from "@casebook/compliance/messages";
import { formatDate, formatTime } from "@/lib/format";
import { DualTime } from "./dual-time";
import { money, type CaseScreen } from "./screen";

/** One timeline, every word translated: statuses, roles, purposes, outcomes, rule ids with their sentence. */
export async function TimelineSection({ s }: { s: CaseScreen }) {
  const [t, ta] = await Promise.all([getTranslations("case"), getTranslations("actions")]);
  const { timeline } = s.view;
  const locale = s.locale as "en" | "zh-CN";
  return (
    <section className="panel" aria-labelledby="h-timeline">
      <h2 id="h-timeline">{t("timeline")}</h2>
      {timeline.length === 0 ? <p className="muted">{t("noTimeline")}</p> : (
        <ol className="timeline" data-testid="timeline">{timeline.map((e) => (
          <li key={`${e.kind}-${e.id}`} data-kind={e.kind}>
            <span className="small">{formatTime(e.at, s.agentZone, s.locale)}<br /><span className="muted">{formatTime(e.at, s.debtorZone, s.locale)}</span></span>
            <span><strong>{t(`timelineKinds.${e.kind}`)}</strong>{" "}
              {e.kind === "contact" ? <>{t(`channels.${e.channel}` as never)} · {t(`partyRoles.${e.partyRole}` as never)} · {t(`purposes.${e.purpose}` as never)} · <span data-testid="contact-outcome" data-outcome={e.outcome ?? "pending"}>{t(`outcomes.${e.outcome ?? "pending"}` as never)}</span> · {e.referenceCode}{e.agent ? ` · ${e.agent}` : ""}</> : null}
              {e.kind === "decision" ? <>{t(`channels.${e.channel}` as never)} · <span className="badge bad">{t(`decisions.${e.decision}` as never)}</span>
                <ul className="rules">{e.rules.map((r) => <li key={r}><code>{r}</code> {ruleMessage(r, locale)}</li>)}</ul></> : null}
              {e.kind === "payment" ? <>{money(s, e.amountMinor, e.currency)} · {ta(`methods.${e.method}` as never)} · {t(`paymentStatuses.${e.status}` as never)}</> : null}
              {e.kind === "promise" ? <>{money(s, e.amountMinor, e.currency)} → {formatDate(e.dueDate, s.locale)} · {t(`promiseStatuses.${e.status}` as never)}{e.callReference ? <span className="muted" data-testid="promise-call"> · {t("promiseInCall", { ref: e.callReference })}</span> : null}</> : null}
              {e.kind === "plan" ? <>{money(s, e.totalMinor, e.currency)} / {e.installmentCount} · {t(`planStatuses.${e.status}` as never)}</> : null}
              {e.kind === "note" ? <>{e.body}{e.author ? <span className="muted"> — {e.author}</span> : null}</> : null}
              {e.kind === "dispute" ? <>{t(`disputeStatuses.${e.status}` as never)}{e.ground ? ` · ${ta(`grounds.${e.ground}` as never)}` : ""} · {e.reason}</> : null}
              {e.kind === "hold" ? <>{t(`holdKinds.${e.holdKind}` as never)}{e.note ? <span className="small"> · {t("holdNote", { note: e.note })}</span> : null}{e.released ? <span className="muted"> · {t("released", { reason: e.releaseReason ?? "—" })}</span> : null}</> : null}
              {e.kind === "callback" ? <DualTime at={e.dueAt} agentZone={s.agentZone} debtorZone={s.debtorZone} locale={s.locale} /> : null}
            </span>
          </li>
        ))}</ol>
      )}
    </section>
  );
}
