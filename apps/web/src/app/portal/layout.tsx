import { getLocale, getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/language-switch";
import "./portal.css";

/** The debtor's pages: no console header, no staff session read; their own language switch. */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("portal");
  const tc = await getTranslations("common");
  return (
    <div className="pt">
      <div className="bar"><span className="brand">{t("brand")}</span><LanguageSwitch current={await getLocale()} label={tc("language")} /></div>
      {children}
    </div>
  );
}
