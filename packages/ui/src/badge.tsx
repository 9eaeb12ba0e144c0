import type { ReactNode } from "react";

export type Tone = "neutral" | "ok" | "warn" | "bad" | "third";

/** A status pill. The tone carries meaning (allowed / deferred / blocked / third party), so the text
 *  must carry it too: colour is never the only signal (WCAG 1.4.1). */
export function Badge({ tone = "neutral", children, ...rest }: { tone?: Tone; children: ReactNode } & Record<`data-${string}`, string | undefined>) {
  return <span className={`badge${tone === "neutral" ? "" : ` ${tone}`}`} {...rest}>{children}</span>;
}

/** The tone of a compliance decision. */
export function decisionTone(decision: "allow" | "defer" | "block"): Tone {
  return decision === "allow" ? "ok" : decision === "defer" ? "warn" : "bad";
}
