import { getTranslations } from "next-intl/server";
import type { CaseScreen } from "./screen";

export async function RelatedSection({ s }: { s: CaseScreen }) {
  const t = await getTranslations("case");
  const { related } = s.view;
  return (
    <section className="panel" aria-labelledby="h-related">
      <h2 id="h-related">{t("related")}</h2>
      {related.length === 0 ? <p className="muted">{t("noRelated")}</p> : (
        <table className="grid"><tbody>{related.map((r) => (
          <tr key={r.id} data-testid="related-party" data-third-party={r.thirdParty}>
            <td>{r.name}</td><td>{t(`relationships.${r.relationship}` as never)}{r.relationLabel ? ` (${r.relationLabel})` : ""}</td>
            <td>{r.thirdParty ? <span className="badge third">{t("thirdParty")}</span> : r.countsAsConsumer ? <span className="badge">{t("countsAsConsumer")}</span> : null}{r.refused ? <span className="badge bad"> {t("refused")}</span> : null}</td>
            <td className="small muted">{r.contactPoints.map((c) => c.masked).join(", ")}</td>
          </tr>
        ))}</tbody></table>
      )}
    </section>
  );
}
