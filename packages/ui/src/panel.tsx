import type { ReactNode } from "react";

/** A titled section of a screen; the heading labels the region for screen readers. */
export function Panel({ id, title, children, testId }: { id: string; title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="panel" aria-labelledby={`h-${id}`} data-testid={testId}>
      <h2 id={`h-${id}`}>{title}</h2>
      {children}
    </section>
  );
}
