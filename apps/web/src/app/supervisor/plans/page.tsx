import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";
import { listPendingPlans } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import type { Translate } from "@/lib/errors";
import { formatMoney } from "@/lib/format";
import { approvalReasonText } from "@/lib/plans";
import { ActionForm } from "@/components/action-form";
import { approvePlanAction, rejectPlanAction } from "./actions";

/** Plans outside the client's limits, of the supervisor's own team: why (as sentences), Approve, Reject. */
export default async function PlansPage() {
  const user = await requireRole("supervisor", "admin");
  const plans = await listPendingPlans(await contextFor(user));
  const t = await getTranslations("plans");
  const ta = (await getTranslations("actions")) as unknown as Translate;
  const locale = await getLocale();
  return (
    <>
      <h1>{t("title")}</h1>
      {plans.length === 0 ? <p className="panel muted">{t("empty")}</p> : (
        <table className="grid" data-testid="plans">
          <thead><tr><th>{t("debtor")}</th><th className="num">{t("total")}</th><th>{t("installments")}</th><th>{t("why")}</th><th>{t("decide")}</th></tr></thead>
          <tbody>{plans.map((p) => (
            <tr key={p.id} data-plan-id={p.id}>
              <td><a href={`/cases/${p.caseId}`}>{p.personName}</a></td><td className="num">{formatMoney(p.totalMinor, p.currency, locale)}</td>
              <td>{p.installmentCount} · {ta(`frequencies.${p.frequency}`)}</td>
              <td className="small"><ul className="plain" data-testid="plan-reasons">{p.reasons.map((r) => <li key={r.code}>{approvalReasonText(r, ta, p.currency, locale)}</li>)}</ul></td>
              <td className="actions-cell">
                <ActionForm action={approvePlanAction} hidden={{ planId: p.id }} submitLabel={t("approve")} testId={`approve-${p.id}`} fields={[]} />
                <ActionForm action={rejectPlanAction} hidden={{ planId: p.id }} submitLabel={t("reject")} testId={`reject-${p.id}`} fields={[]} />
              </td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
