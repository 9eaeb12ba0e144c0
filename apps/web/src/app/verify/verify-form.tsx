"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { verifyAction, type VerifyState } from "./actions";

export function VerifyForm() {
  const [state, action, pending] = useActionState<VerifyState, FormData>(verifyAction, {});
  const t = useTranslations("verify");
  return (
    <>
      <form className="pf" action={action} data-testid="verify-form">
        <label>{t("code")}<input name="code" required maxLength={64} autoComplete="off" autoCapitalize="characters" /></label>
        <button type="submit" disabled={pending}>{t("check")}</button>
      </form>
      <div aria-live="polite" data-testid="verify-answer">
        {state.limited ? <p className="error" role="alert">{t("limited")}</p> : null}
        {state.checked && !state.limited && !state.genuine ? <p className="error">{t("notGenuine")}</p> : null}
        {state.genuine ? (
          <div className="ok">
            <p><strong>{t("genuine")}</strong></p>
            <dl>
              <dt>{t("when")}</dt><dd data-testid="verify-when">{state.at}</dd>
              <dt>{t("channel")}</dt><dd data-testid="verify-channel">{state.channel}</dd>
              <dt>{t("agency")}</dt><dd>{state.agencyName}</dd>
              <dt>{t("collector")}</dt><dd data-testid="verify-collector">{state.collectorName} ({state.staffNumber})</dd>
              <dt>{t("callback")}</dt><dd data-testid="verify-callback">{state.callbackNumber}</dd>
            </dl>
            <p className="small">{t("callbackAdvice")}</p>
          </div>
        ) : null}
      </div>
    </>
  );
}
