"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Okabe–Ito, readable with the common colour-vision deficiencies (as the dashboards' charts).
const COLORS = ["#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#009E73"];

/** Contacts sent per day, stacked by channel: one chart per simulated version, on the same scale. */
export function VolumeChart({ data, keys, labels, title, max }: {
  data: Array<Record<string, string | number>>;
  keys: string[];
  labels: Record<string, string>;
  title: string;
  max: number;
}) {
  return (
    <figure className="panel chart" aria-label={title}>
      <figcaption className="small muted">{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="day" fontSize={11} />
          <YAxis fontSize={11} allowDecimals={false} domain={[0, Math.max(1, max)]} />
          <Tooltip />
          <Legend />
          {keys.map((k, i) => <Bar key={k} dataKey={k} name={labels[k] ?? k} stackId="channels" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
