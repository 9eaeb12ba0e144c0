import { getTranslations } from "next-intl/server";
import { ruleMessage } from "@casebook/compliance/messages";
import type { CompliancePanel } from "@casebook/domain";
import { Badge, decisionTone, Panel } from "@casebook/ui";
import { formatTime } from "@/lib/format";
import type { CaseScreen } from "./screen";

/**
 * What the gate would answer now, per contact point and channel, with every rule that holds (id and its
 * sentence), and the figures in force with their source: where the client's policy is tighter than the
 * rule set, the tighter figure, the one the gate applies.
 */
export async function ComplianceSection({ s, panel, cpLabel }: { s: CaseScreen; panel: CompliancePanel | null; cpLabel: (id: string) => string }) {
  const t = await getTranslations("case");
  const locale = s.locale as "en" | "zh-CN";
  const capRule = panel?.inForce.find((r) => r.kind === "calls_per_week");
  return (
    <Panel id="compliance" title={t("compliance")} testId="compliance-panel">
      {!panel ? <p className="form-error">{t("complianceUnavailable")}</p> : (
        <>
          <table className="grid"><tbody>{panel.cells.map((cell) => (
            <tr key={`${cell.contactPointId}-${cell.channel}`} data-testid="compliance-cell" data-decision={cell.decision} data-channel={cell.channel}>
              <td>{t(`channels.${cell.channel}`)}</td><td className="small">{cpLabel(cell.contactPointId)}</td>
              <td>
                <Badge tone={decisionTone(cell.decision)}>
                  {cell.decision === "allow" ? t("allowedNow")
                    : cell.decision === "defer" && cell.notBefore ? t("nextAllowed", { at: formatTime(new Date(cell.notBefore), s.debtorZone, s.locale) })
                    : t("blocked")}
                </Badge>
                {cell.results.length ? <ul className="rules">{cell.results.map((r) => <li key={r.rule} data-rule={r.rule}><code>{r.rule}</code> {ruleMessage(r.rule, locale)}</li>)}</ul> : null}
              </td>
            </tr>
          ))}</tbody></table>
          <p className="small" data-testid="call-usage"><strong>{t("callsThisWeek")}:</strong>{" "}
            {panel.usage.map((u) => <Badge key={u.debtId} tone={u.limit !== null && u.used >= u.limit ? "bad" : "neutral"}>{t("perDebt", { ref: u.clientReference, used: u.used, max: u.limit ?? "—" })}</Badge>)}
            {capRule ? <span className="muted" data-testid="cap-source" data-source={capRule.source}> · {t(`sources.${capRule.source}`)}</span> : null}
          </p>
          {panel.inForce.length ? (
            <div data-testid="rules-in-force">
              <strong className="small">{t("inForce")}</strong>
              <ul className="rules small">{panel.inForce.map((r) => (
                <li key={r.rule} data-rule={r.rule} data-source={r.source} data-max={r.max}>
                  {t(`inForceKinds.${r.kind}`, { start: r.start ?? "", end: r.end ?? "", max: r.max ?? 0 })}{" "}
                  <Badge tone={r.source === "client_policy" ? "warn" : "neutral"}>{t(`sources.${r.source}`)}</Badge>{" "}
                  <span className="muted"><code>{r.rule}</code> {ruleMessage(r.rule, locale)}</span>
                </li>
              ))}</ul>
            </div>
          ) : null}
        </>
      )}
    </Panel>
  );
}
