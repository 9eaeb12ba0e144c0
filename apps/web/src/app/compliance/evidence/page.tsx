import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth";

/** The evidence bundle: a ZIP for one person or one account reference (built on download, audited). */
export default async function EvidencePage() {
  await requireRole("compliance", "admin");
  const t = await getTranslations("evidence");
  return (
    <>
      <h1>{t("bundleTitle")}</h1>
      <p className="small muted">{t("bundleExplain")}</p>
      <form className="filters panel" method="get" action="/compliance/evidence/bundle" data-testid="bundle-by-reference">
        <label>{t("accountReference")}<input name="accountReference" required size={24} /></label>
        <button type="submit">{t("downloadBundle")}</button>
      </form>
      <form className="filters panel" method="get" action="/compliance/evidence/bundle" data-testid="bundle-by-person">
        <label>{t("personId")}<input name="personId" required size={40} pattern="[0-9a-fA-F-]{36}" /></label>
        <button type="submit">{t("downloadBundle")}</button>
      </form>
    </>
  );
}
