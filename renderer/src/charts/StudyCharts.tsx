import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { StudySummary } from '../../../shared/engine/versionStudy';
import { agreementBars, agreementPoints, shiftBars } from './study.data';
import { NEUTRAL, OPPOSES, SUPPORTS } from './palette';

/**
 * Which inputs B leans on more (blue) or less (vermillion) than A, with simultaneous intervals; a shift
 * whose interval contains zero is grey: not established.
 */
export function ShiftChart({ summary, names }: { summary: StudySummary; names: [string, string] }) {
  const bars = shiftBars(summary.shifts);
  const data = bars.map((b) => ({ ...b, error: [b.shift - b.low, b.high - b.shift] }));
  const title = `Importance shift per input, ${names[1]} against ${names[0]} (mean over ${summary.rows} rows)`;
  return (
    <figure className="chart" aria-label={title}>
      <p className="chart-title" aria-hidden="true">
        {title}
      </p>
      <ResponsiveContainer width="100%" height={Math.max(160, 26 * bars.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => v.toFixed(2)} />
          <YAxis type="category" dataKey="name" width={200} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} />
          <ReferenceLine x={0} stroke="#333" />
          <Bar dataKey="shift" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={!d.established ? NEUTRAL : d.shift >= 0 ? SUPPORTS : OPPOSES} />
            ))}
            <ErrorBar dataKey="error" width={4} strokeWidth={1.5} stroke="#222" direction="x" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="sr-table">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th>input</th>
              <th>shift</th>
              <th>interval</th>
              <th>established</th>
              <th>rows with the sign reversed</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.name}>
                <td>{b.name}</td>
                <td>{b.shift.toFixed(4)}</td>
                <td>
                  {b.low.toFixed(4)} … {b.high.toFixed(4)}
                </td>
                <td>{b.established ? 'yes' : 'no'}</td>
                <td>{b.signChanges}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

/** How many rows' two explanations agree how well (Spearman ρ over input columns). */
export function AgreementHistogram({ summary }: { summary: StudySummary }) {
  const bars = agreementBars(summary);
  const title = `Agreement of the two explanations per row (rank correlation over inputs), ${summary.rows} rows`;
  return (
    <figure className="chart" aria-label={title}>
      <p className="chart-title" aria-hidden="true">
        {title}
      </p>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={bars} margin={{ left: 8, right: 16, top: 8, bottom: 24 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} angle={-20} textAnchor="end" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" fill={SUPPORTS} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="sr-table">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th>rank correlation</th>
              <th>rows</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

/** Each row: how far its explanations agree against how far the prediction moved; flips in vermillion. */
export function AgreementScatter({ summary, what }: { summary: StudySummary; what: string }) {
  const points = agreementPoints(summary);
  const title = `Change of ${what} (B − A) against the explanations' agreement, per row`;
  return (
    <figure className="chart" aria-label={title}>
      <p className="chart-title" aria-hidden="true">
        {title}
      </p>
      <ResponsiveContainer width="100%" height={220}>
        <ScatterChart margin={{ left: 8, right: 16, top: 8, bottom: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="agreement" name="rank correlation" domain={[-1, 1]} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'rank correlation', position: 'insideBottom', offset: -12 }} />
          <YAxis type="number" dataKey="delta" name="change" tickFormatter={(v: number) => v.toFixed(2)} />
          <ReferenceLine y={0} stroke="#333" />
          <Tooltip formatter={(v) => Number(v).toFixed(3)} />
          <Scatter data={points.filter((p) => !p.flip)} fill={SUPPORTS} isAnimationActive={false} name="same prediction" />
          <Scatter data={points.filter((p) => p.flip)} fill={OPPOSES} shape="diamond" isAnimationActive={false} name="prediction flips" />
        </ScatterChart>
      </ResponsiveContainer>
      <figcaption className="muted">Diamonds: rows whose predicted class flips. The ranked rows below list every row.</figcaption>
    </figure>
  );
}
