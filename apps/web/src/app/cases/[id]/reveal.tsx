"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/errors";

/** A masked value; revealing it asks the server, which writes the audit event. */
export function Reveal({ action, caseId, contactPointId, masked, label }: {
  action: (s: ActionState, fd: FormData) => Promise<ActionState>; caseId: string; contactPointId: string; masked: string; label: string;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  if (state.ok && state.result) return <span data-testid="revealed">{state.result}</span>;
  return (
    <form action={formAction} style={{ display: "inline" }}>
      <span className="muted">{masked}</span>{" "}
      <input type="hidden" name="caseId" value={caseId} /><input type="hidden" name="contactPointId" value={contactPointId} />
      <button type="submit" className="secondary small" disabled={pending} data-testid="reveal">{label}</button>
      {state.formError ? <span className="field-error"> {state.formError}</span> : null}
    </form>
  );
}
