"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Okabe–Ito, readable with the common colour-vision deficiencies.
const COLORS = ["#D55E00", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"];

/** Blocks and defers per period, stacked by rule (the most frequent rules of the slice). */
export function RuleBars({ data, keys, labels, title, empty }: {
  data: Array<Record<string, string | number>>;
  keys: string[];
  labels: Record<string, string>;
  title: string;
  empty: string;
}) {
  if (data.length === 0 || keys.length === 0) return <p className="panel muted" data-testid="rules-empty">{empty}</p>;
  return (
    <figure className="panel chart" aria-label={title}>
      <figcaption className="small muted">{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="period" fontSize={11} />
          <YAxis fontSize={11} allowDecimals={false} />
          <Tooltip />
          <Legend />
          {keys.map((k, i) => <Bar key={k} dataKey={k} name={labels[k] ?? k} stackId="rules" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
