import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { startSignInAction } from "./actions";
import { PortalForm } from "./portal-form";

export const metadata: Metadata = { title: "Casebook · Portal" };

export default async function PortalSignIn({ searchParams }: { searchParams: Promise<{ expired?: string }> }) {
  const t = await getTranslations("portal");
  const { expired } = await searchParams;
  return (
    <section className="panel">
      <h1>{t("signInTitle")}</h1>
      {expired ? <p className="error" role="alert">{t("expired")}</p> : null}
      <p className="muted">{t("signInIntro")}</p>
      <PortalForm action={startSignInAction} submit={t("sendCode")} testId="portal-sign-in">
        <label>{t("identifier")}<input name="identifier" required autoComplete="off" autoCapitalize="characters" /></label>
        <label>{t("secret")}<input name="secret" required autoComplete="off" aria-describedby="secret-hint" /></label>
        <p id="secret-hint" className="muted small">{t("secretHint")}</p>
        <fieldset>
          <legend>{t("codeBy")}</legend>
          <label><input type="radio" name="channel" value="sms" defaultChecked /> {t("bySms")}</label>
          <label><input type="radio" name="channel" value="email" /> {t("byEmail")}</label>
        </fieldset>
      </PortalForm>
      <p><a href="/verify">{t("verifyLink")}</a></p>
    </section>
  );
}
