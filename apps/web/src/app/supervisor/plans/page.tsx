import { getLocale, getTranslations } from "next-intl/server";
import { requireRole } from "@casebook/auth";
import { listPendingPlans } from "@casebook/domain";
import { contextFor } from "@/lib/context";
import { formatMoney } from "@/lib/format";
import { ActionForm } from "@/components/action-form";
import { decidePlanAction } from "./actions";

export default async function PlansPage() {
  const user = await requireRole("supervisor", "admin");
  const plans = await listPendingPlans(await contextFor(user));
  const t = await getTranslations("plans");
  const ta = await getTranslations("actions");
  const locale = await getLocale();
  return (
    <>
      <h1>{t("title")}</h1>
      {plans.length === 0 ? <p className="panel muted">{t("empty")}</p> : (
        <table className="grid">
          <thead><tr><th>{t("debtor")}</th><th className="num">{t("total")}</th><th>{t("installments")}</th><th>{t("why")}</th><th /></tr></thead>
          <tbody>{plans.map((p) => (
            <tr key={p.id}>
              <td><a href={`/cases/${p.caseId}`}>{p.personName}</a></td><td className="num">{formatMoney(p.totalMinor, p.currency, locale)}</td>
              <td>{p.installmentCount} · {ta(`frequencies.${p.frequency}` as never)}</td><td className="small">{p.approvalReason}</td>
              <td><ActionForm action={decidePlanAction} hidden={{ planId: p.id }} submitLabel={t("approve")} testId={`plan-${p.id}`}
                fields={[{ name: "decision", label: "", type: "select", options: [{ value: "approve", label: t("approve") }, { value: "reject", label: t("reject") }] }]} /></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
