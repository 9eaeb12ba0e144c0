import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/format";
import { money, type CaseScreen } from "./screen";

export async function DebtsSection({ s }: { s: CaseScreen }) {
  const [t, tq] = await Promise.all([getTranslations("case"), getTranslations("queue")]);
  return (
    <section className="panel" aria-labelledby="h-debts">
      <h2 id="h-debts">{t("debts")}</h2>
      <table className="grid">
        <thead><tr><th>{t("reference")}</th><th>{t("creditor")}</th><th className="num">{t("balance")}</th><th className="num">{t("placed")}</th><th>{t("dueDate")}</th><th className="num">{t("dpd")}</th><th>{tq("bucket")}</th><th>{tq("status")}</th></tr></thead>
        <tbody>{s.view.accounts.map((a) => (
          <tr key={a.id}><td>{a.clientReference}</td><td>{a.originalCreditor}</td><td className="num">{money(s, a.balanceMinor, a.currency)}</td><td className="num">{money(s, a.placedBalanceMinor, a.currency)}</td>
            <td>{formatDate(a.dueDate, s.locale)}</td><td className="num">{a.dpd}</td><td>{tq(`buckets.${a.bucket}` as never)}</td>
            <td><span className={`badge ${a.status === "disputed" ? "bad" : ""}`} data-status={a.status}>{tq(`statuses.${a.status}` as never)}</span></td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}
