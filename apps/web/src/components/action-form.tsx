"use client";
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/errors";

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "number" | "date" | "datetime-local" | "email" | "tel" | "password" | "select" | "textarea" | "checkbox" | "hidden";
  options?: Array<{ value: string; label: string }>;
  required?: boolean;
  defaultValue?: string;
  placeholder?: string;
  /** Shown only while another field (a select) has one of these values. */
  showWhen?: { field: string; values: string[] };
  step?: string;
  help?: string;
}

export interface RefusalLabels {
  title: string;
  /** Contains "{at}". */
  notBefore: string;
  /** The debtor's zone and the reader's locale: a defer's earliest time is shown in the debtor's local time. */
  zone?: string;
  locale?: string;
  /** The decision in the reader's words (never the raw "defer"/"block"). */
  decisions?: { defer: string; block: string };
}

export function formatNotBefore(iso: string, labels: RefusalLabels): string {
  const at = new Intl.DateTimeFormat(labels.locale ?? "en", {
    timeZone: labels.zone ?? "UTC", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short",
  }).format(new Date(iso));
  return labels.notBefore.replace("{at}", at);
}

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * One form component for every console action: it posts to a server action, and shows each domain
 * error next to the field it names (ValidationError.field), a compliance refusal with its rule ids and
 * translated reasons, or the success message.
 */
export function ActionForm({ action, fields, submitLabel, hidden, refusalLabels, testId, children }: {
  action: Action; fields: FieldSpec[]; submitLabel: string; hidden?: Record<string, string>;
  refusalLabels?: RefusalLabels; testId?: string; children?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  const initialSelects = Object.fromEntries(fields.filter((f) => f.type === "select").map((f) => [f.name, f.defaultValue ?? f.options?.[0]?.value ?? ""]));
  const [selects, setSelects] = useState<Record<string, string>>(initialSelects);
  const err = (name: string) => state.fieldErrors?.[name];
  const unplaced = Object.entries(state.fieldErrors ?? {}).filter(([k]) => !fields.some((f) => f.name === k));
  return (
    <form action={formAction} className="form" noValidate data-testid={testId}>
      {Object.entries(hidden ?? {}).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {children}
      <div className="row">
        {fields.map((f) => {
          if (f.showWhen && !f.showWhen.values.includes(selects[f.showWhen.field] ?? "")) return null;
          const id = `${testId ?? "f"}-${f.name}`;
          const e = err(f.name);
          const common = { id, name: f.name, "aria-invalid": e ? true : undefined, "aria-describedby": e ? `${id}-err` : undefined, required: f.required };
          const value = state.values?.[f.name] ?? f.defaultValue;
          if (f.type === "hidden") return <input key={f.name} type="hidden" name={f.name} value={f.defaultValue} />;
          if (f.type === "checkbox") {
            return (
              <div key={f.name} style={{ flexBasis: "100%" }}>
                <label className="check"><input type="checkbox" {...common} value="on" defaultChecked={f.defaultValue === "on"} />{f.label}</label>
                {e ? <div id={`${id}-err`} className="field-error" role="alert">{e}</div> : null}
              </div>
            );
          }
          return (
            <label key={f.name} htmlFor={id} style={f.type === "textarea" ? { flexBasis: "100%" } : undefined}>
              {f.label}
              {f.type === "select" ? (
                // Keyed by the value it is given: React applies a select's defaultValue only when it mounts, and a
                // form action resets the form to its defaults after a refusal, which dropped the choice made.
                <select {...common} key={`${f.name}:${value ?? ""}`} defaultValue={value} onChange={(ev) => setSelects((s) => ({ ...s, [f.name]: ev.target.value }))}>
                  {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </select>
              ) : f.type === "textarea" ? (
                <textarea {...common} rows={3} defaultValue={value} placeholder={f.placeholder} />
              ) : (
                <input {...common} type={f.type ?? "text"} defaultValue={value} placeholder={f.placeholder} step={f.step} />
              )}
              {f.help ? <span className="small muted">{f.help}</span> : null}
              {e ? <span id={`${id}-err`} className="field-error" role="alert">{e}</span> : null}
            </label>
          );
        })}
        <button type="submit" disabled={pending}>{submitLabel}</button>
      </div>
      {unplaced.map(([k, v]) => <div key={k} className="form-error" role="alert" data-field={k}>{v}</div>)}
      {state.refusal ? (
        <div className="refusal" role="alert" data-testid="refusal">
          <strong>{refusalLabels?.title}</strong>{refusalLabels?.decisions ? ` (${refusalLabels.decisions[state.refusal.decision as "defer" | "block"] ?? ""})` : null}{state.refusal.notBefore && refusalLabels ? ` · ${formatNotBefore(state.refusal.notBefore, refusalLabels)}` : null}
          <ul>{state.refusal.rules.map((r) => <li key={r.rule}><code>{r.rule}</code> {r.text}</li>)}</ul>
        </div>
      ) : state.formError ? <div className="form-error" role="alert">{state.formError}</div> : null}
      {state.ok && state.message ? <div className="success" role="status" data-testid="action-success">{state.message}</div> : null}
      {state.ok && state.result ? <output className="secret" data-testid="action-result">{state.result}</output> : null}
    </form>
  );
}
