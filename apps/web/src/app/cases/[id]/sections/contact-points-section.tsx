import { getTranslations } from "next-intl/server";
import { Reveal } from "../reveal";
import { revealAction } from "../actions";
import type { CaseScreen } from "./screen";

export async function ContactPointsSection({ s }: { s: CaseScreen }) {
  const [t, ta, tc] = await Promise.all([getTranslations("case"), getTranslations("actions"), getTranslations("common")]);
  return (
    <section className="panel" aria-labelledby="h-cp">
      <h2 id="h-cp">{t("contactPoints")}</h2>
      <table className="grid"><tbody>
        {s.view.contactPoints.map((c) => (
          <tr key={c.id} data-testid="contact-point">
            <td>{t(`kinds.${c.kind}`)}{c.phoneType ? ` · ${t(`phoneTypes.${c.phoneType}`)}` : ""}</td>
            <td><Reveal action={revealAction} caseId={s.view.case.id} contactPointId={c.id} masked={c.masked} label={tc("reveal")} /></td>
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
  );
}
