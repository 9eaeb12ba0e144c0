"use client";
import { useActionState, useId } from "react";
import type { PortalState } from "@/lib/portal/portal-action";

/** A portal form: the action's one sentence (error or confirmation) announced, and a link if it made one. */
export function PortalForm({ action, submit, children, testId, multipart }: {
  action: (state: PortalState, fd: FormData) => Promise<PortalState>;
  submit: string;
  children?: React.ReactNode;
  testId?: string;
  multipart?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const id = useId();
  return (
    <form className="pf" action={formAction} data-testid={testId} {...(multipart ? { encType: "multipart/form-data" } : {})} aria-describedby={state.error ? `${id}-error` : undefined}>
      {children}
      <button type="submit" disabled={pending}>{submit}</button>
      {state.error ? <p id={`${id}-error`} className="error" role="alert">{state.error}</p> : null}
      {state.message ? <p className="ok" role="status">{state.message}</p> : null}
      {state.link ? <a className="button" href={state.link.href} data-testid="portal-link">{state.link.label}</a> : null}
    </form>
  );
}
