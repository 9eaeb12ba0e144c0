import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { currentUser, oidcEnabled, readAuthEnv } from "@/lib/auth";
import { LanguageSwitch } from "@/components/language-switch";
import { LoginForm } from "./login-form";
import { oidcAction } from "./actions";

export default async function LoginPage() {
  if (await currentUser()) redirect("/queue");
  const t = await getTranslations("login");
  const tc = await getTranslations("common");
  const env = readAuthEnv();
  return (
    <div className="login panel">
      <div className="casenav"><h1>{t("title")}</h1><LanguageSwitch current={await getLocale()} label={tc("language")} /></div>
      <LoginForm />
      {oidcEnabled(env) ? (
        <form action={oidcAction} style={{ marginTop: 12 }}><button type="submit" className="secondary">{t("sso", { name: env.AUTH_OIDC_NAME })}</button></form>
      ) : null}
    </div>
  );
}
