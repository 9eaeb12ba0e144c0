export type Search = Record<string, string | string[] | undefined>;
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** The dashboards' filter keys, kept in links (drill-down, export, chart points). */
export const FILTER_KEYS = ["from", "to", "clientId", "teamId", "strategyId", "bucket", "grain"] as const;

export function pick(sp: Search | URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = sp instanceof URLSearchParams ? sp.get(k) ?? undefined : one(sp[k]);
    if (v) out[k] = v;
  }
  return out;
}

export const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
