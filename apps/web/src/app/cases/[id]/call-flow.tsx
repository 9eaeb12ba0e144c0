"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/errors";
import { ActionForm, formatNotBefore, type FieldSpec, type RefusalLabels } from "@/components/action-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Start a call through the gate; once the ledger row is claimed, record its outcome with the checklist. */
export function CallFlow({ startAction, outcomeAction, caseId, startFields, startLabel, outcomeFields, outcomeLabel, refusalLabels, testId, scripts }: {
  startAction: Action; outcomeAction: Action; caseId: string; startFields: FieldSpec[]; startLabel: string;
  outcomeFields: FieldSpec[]; outcomeLabel: string; refusalLabels: RefusalLabels; testId: string; scripts?: Array<{ title: string; body: string; lang: string; rules: string }>;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(startAction, {});
  const attemptId = state.ok ? state.result : undefined;
  return (
    <div data-testid={testId}>
      {scripts?.map((sc) => (
        <div key={sc.title} className="script" data-testid="location-script">
          <strong>{sc.title}</strong><p lang={sc.lang} data-testid="script-words">{sc.body}</p><p className="small muted">{sc.rules}</p>
        </div>
      ))}
      <form action={action} className="form" noValidate>
        <input type="hidden" name="caseId" value={caseId} />
        <div className="row">
          {startFields.map((f) => f.type === "checkbox" ? (
            <label key={f.name} className="check"><input type="checkbox" name={f.name} />{f.label}</label>
          ) : (
            <label key={f.name}>{f.label}
              <select name={f.name} defaultValue={f.defaultValue} aria-invalid={state.fieldErrors?.[f.name] ? true : undefined}>
                {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
              {state.fieldErrors?.[f.name] ? <span className="field-error" role="alert">{state.fieldErrors[f.name]}</span> : null}
            </label>
          ))}
          <button type="submit" disabled={pending}>{startLabel}</button>
        </div>
        {state.refusal ? (
          <div className="refusal" role="alert" data-testid="refusal">
            <strong>{refusalLabels.title}</strong>{refusalLabels.decisions ? ` (${refusalLabels.decisions[state.refusal.decision as "defer" | "block"] ?? ""})` : null}
            {state.refusal.notBefore ? <> · {formatNotBefore(state.refusal.notBefore, refusalLabels)}</> : null}
            <ul>{state.refusal.rules.map((r) => <li key={r.rule}><code>{r.rule}</code> {r.text}</li>)}</ul>
          </div>
        ) : state.formError ? <div className="form-error" role="alert">{state.formError}</div> : null}
        {state.ok && state.message ? <div className="success" role="status" data-testid="call-started">{state.message}</div> : null}
      </form>
      {attemptId ? (
        <div className="panel" style={{ marginTop: 8 }}>
          <ActionForm key={attemptId} action={outcomeAction} fields={outcomeFields} submitLabel={outcomeLabel} hidden={{ caseId, attemptId }} testId={`${testId}-outcome`} />
        </div>
      ) : null}
    </div>
  );
}
