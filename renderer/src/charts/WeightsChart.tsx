import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeightBar } from './charts.data';
import { OPPOSES, SUPPORTS } from './palette';

/**
 * Horizontal bars around zero (blue for positive values, vermillion for negative), with intervals when
 * given: the weights of an explanation, or the differences between two.
 */
export function WeightsChart({ bars, title, valueName = 'weight' }: { bars: WeightBar[]; title: string; valueName?: string }) {
  const data = bars.map((b) => ({ ...b, error: b.low !== null && b.high !== null ? [b.weight - b.low, b.high - b.weight] : undefined }));
  return (
    <figure className="chart" aria-label={title}>
      <ResponsiveContainer width="100%" height={Math.max(160, 26 * bars.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => v.toFixed(2)} />
          <YAxis type="category" dataKey="name" width={260} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} />
          <ReferenceLine x={0} stroke="#333" />
          <Bar dataKey="weight" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.weight >= 0 ? SUPPORTS : OPPOSES} />
            ))}
            {data.some((d) => d.error) && <ErrorBar dataKey="error" width={4} strokeWidth={1.5} stroke="#222" direction="x" />}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="sr-table">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th>feature</th>
              <th>{valueName}</th>
              <th>95 % interval</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.name}>
                <td>{b.name}</td>
                <td>{b.weight.toFixed(4)}</td>
                <td>{b.low === null ? '—' : `${b.low.toFixed(4)} … ${b.high!.toFixed(4)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
