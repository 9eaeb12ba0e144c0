"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { loginAction, type LoginState } from "./actions";

export function LoginForm() {
  const t = useTranslations("login");
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form action={action} className="form" noValidate>
      <label>{t("email")}<input name="email" type="email" autoComplete="username" required defaultValue={state.email} aria-invalid={!!state.error} /></label>
      <label>{t("password")}<input name="password" type="password" autoComplete="current-password" required aria-invalid={!!state.error} /></label>
      {state.error ? <div className="form-error" role="alert" data-testid="login-error">{t(state.error)}</div> : null}
      <button type="submit" disabled={pending}>{t("submit")}</button>
    </form>
  );
}
