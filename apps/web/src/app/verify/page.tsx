import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/language-switch";
import { VerifyForm } from "./verify-form";
import "../portal/portal.css";

export const metadata: Metadata = { title: "Casebook · Verify" };

/** No sign-in: anyone may check a reference code from a message, letter or call. */
export default async function VerifyPage() {
  const t = await getTranslations("verify");
  const tc = await getTranslations("common");
  return (
    <div className="pt">
      <div className="bar"><span className="brand">{t("brand")}</span><LanguageSwitch current={await getLocale()} label={tc("language")} /></div>
      <section className="panel">
        <h1>{t("title")}</h1>
        <p className="muted">{t("intro")}</p>
        <VerifyForm />
        <p><a href="/portal">{t("portalLink")}</a></p>
      </section>
    </div>
  );
}
