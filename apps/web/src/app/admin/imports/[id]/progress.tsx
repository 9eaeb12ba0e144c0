"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export interface RunProgress { status: string; rowsRead: number; rowsValid: number; rowsQuarantined: number; bytesRead?: number | null; bytesTotal?: number | null }

/**
 * The progress bar of a queued or running import: polls the run every second (the progress its BullMQ
 * job reports: rows read, valid, quarantined, and the bytes of the file read of its size, which fill the
 * bar), and reloads the page when it ends so the summary shows.
 */
export function ImportProgress({ runId, initial, labels }: { runId: string; initial: RunProgress; labels: { read: string; valid: string; quarantined: string; status: Record<string, string> } }) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const live = p.status === "queued" || p.status === "running";
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/imports/${runId}`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      const next = (await res.json()) as RunProgress;
      setP(next);
      if (next.status !== "queued" && next.status !== "running") router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [live, runId, router]);
  const done = !live;
  const pct = done ? 100 : p.bytesTotal ? Math.round(((p.bytesRead ?? 0) / p.bytesTotal) * 100) : undefined;
  return (
    <div data-testid="import-progress" data-status={p.status}>
      <progress max={100} value={pct} aria-label={labels.status[p.status] ?? p.status} style={{ width: "100%" }} />
      <p>
        <strong data-testid="import-status">{labels.status[p.status] ?? p.status}</strong>{" · "}
        {labels.read} <span data-testid="rows-read">{p.rowsRead}</span>{" · "}
        {labels.valid} <span data-testid="rows-valid">{p.rowsValid}</span>{" · "}
        {labels.quarantined} <span data-testid="rows-quarantined">{p.rowsQuarantined}</span>
      </p>
    </div>
  );
}
