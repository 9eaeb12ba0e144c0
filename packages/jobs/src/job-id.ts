/**
 * Deterministic job ids `<kind>:<id>:<version>` (CONVENTIONS.md): an enqueue repeated by a retried
 * sweep finds the job already there and is a no-op. BullMQ accepts ":" in a custom id only as
 * exactly three parts, so the parts themselves may not contain it.
 */
export function jobId(kind: string, id: string, version: string | number): string {
  const parts = [kind, id, String(version)];
  for (const part of parts) {
    if (part.length === 0 || part.includes(":")) throw new Error(`jobId: invalid part "${part}"`);
  }
  return parts.join(":");
}
