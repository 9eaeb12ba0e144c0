import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { confirmCodeAction } from "../actions";
import { PortalForm } from "../portal-form";

export const metadata: Metadata = { title: "Casebook · Portal" };

export default async function PortalCode({ searchParams }: { searchParams: Promise<{ s?: string }> }) {
  const t = await getTranslations("portal");
  const { s } = await searchParams;
  return (
    <section className="panel">
      <h1>{t("codeTitle")}</h1>
      <p className="muted">{t("codeIntro")}</p>
      <PortalForm action={confirmCodeAction} submit={t("signIn")} testId="portal-code">
        <input type="hidden" name="signInId" value={s ?? ""} />
        <label>{t("code")}<input name="code" required inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} /></label>
      </PortalForm>
      <p><a href="/portal">{t("startAgain")}</a></p>
    </section>
  );
}
