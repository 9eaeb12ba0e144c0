"use client";
import { useRouter } from "next/navigation";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface TrendSeries {
  key: string;
  label: string;
  /** Colour-blind-safe palette (Okabe–Ito), chosen by the page. */
  color: string;
}

/** A trend by day or week; clicking a point opens the cases behind it (`drillHref(period)`). */
export function TrendChart({ data, series, percent, drillBase, empty, title }: {
  data: Array<Record<string, string | number | null>>;
  series: TrendSeries[];
  percent?: boolean;
  /** Query string of the drill-down without from/to; the chart adds the clicked period's range. */
  drillBase?: { path: string; query: string; grain: "day" | "week" };
  empty: string;
  title: string;
}) {
  const router = useRouter();
  if (data.length === 0) return <p className="panel muted">{empty}</p>;
  const fmt = (v: unknown) => (typeof v === "number" ? (percent ? `${(v * 100).toFixed(1)}%` : v.toLocaleString()) : "—");
  const onClick = (state: unknown) => {
    const label = (state as { activeLabel?: string } | null)?.activeLabel;
    if (!drillBase || !label) return;
    const end = drillBase.grain === "week" ? new Date(Date.parse(`${label}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10) : label;
    router.push(`${drillBase.path}?${drillBase.query}&from=${label}&to=${end}`);
  };
  return (
    <figure className="panel chart" aria-label={title}>
      <figcaption className="small muted">{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} onClick={onClick} style={{ cursor: drillBase ? "pointer" : undefined }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="period" fontSize={11} />
          <YAxis fontSize={11} tickFormatter={fmt} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Legend />
          {series.map((s) => <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} dot={{ r: 2 }} strokeWidth={2} isAnimationActive={false} />)}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
