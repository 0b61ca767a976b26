import { Bar, BarChart, CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure, ChartTable } from './ChartFigure';
import type { StudySummary } from '../../../shared/engine/versionStudy';
import { agreementBars, agreementPoints, shiftBars } from './study.data';
import { OPPOSES, SUPPORTS } from '../../../shared/report/palette';
import { WeightsChart } from './WeightsChart';

/**
 * Which inputs B leans on more (blue) or less (vermillion) than A, with simultaneous intervals; a shift
 * whose interval contains zero is grey: not established.
 */
export function ShiftChart({ summary, names }: { summary: StudySummary; names: [string, string] }) {
  const bars = shiftBars(summary.shifts).map((b) => ({
    name: b.name,
    weight: b.shift,
    low: b.low,
    high: b.high,
    muted: !b.established,
    note: `${b.established ? 'established' : 'within noise'}${b.signChanges ? `; sign reversed in ${b.signChanges} row${b.signChanges === 1 ? '' : 's'}` : ''}`,
  }));
  const title = `Importance shift per input, ${names[1]} against ${names[0]} (mean over ${summary.rows} rows)`;
  return (
    <WeightsChart
      bars={bars}
      title={title}
      valueName="shift"
      intervalName="simultaneous 95 % interval"
      visibleTitle
      labelWidth={200}
    />
  );
}

/** How many rows' two explanations agree how well (Spearman ρ over input columns). */
export function AgreementHistogram({ summary }: { summary: StudySummary }) {
  const bars = agreementBars(summary);
  const title = `Agreement of the two explanations per row (rank correlation over inputs), ${summary.rows} rows`;
  return (
    <ChartFigure
      title={title}
      height={220}
      caption={
        <ChartTable
          title={title}
          head={['rank correlation', 'rows']}
          rows={bars.map((b) => ({ key: b.label, cells: [b.label, b.count] }))}
        />
      }
    >
      <BarChart accessibilityLayer={false} data={bars} margin={{ left: 8, right: 16, top: 8, bottom: 24 }}>
        <CartesianGrid vertical={false} strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} angle={-20} textAnchor="end" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="count" fill={SUPPORTS} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** Each row: how far its explanations agree against how far the prediction moved; flips in vermillion. */
export function AgreementScatter({ summary, what }: { summary: StudySummary; what: string }) {
  const points = agreementPoints(summary);
  const title = `Change of ${what} (B − A) against the explanations' agreement, per row`;
  return (
    <ChartFigure
      title={title}
      height={220}
      caption={
        <figcaption className="muted">
          Diamonds: rows whose predicted class flips. The ranked rows below list every row.
        </figcaption>
      }
    >
      <ScatterChart accessibilityLayer={false} margin={{ left: 8, right: 16, top: 8, bottom: 24 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="agreement"
          name="rank correlation"
          domain={[-1, 1]}
          tickFormatter={(v: number) => v.toFixed(1)}
          label={{ value: 'rank correlation', position: 'insideBottom', offset: -12 }}
        />
        <YAxis type="number" dataKey="delta" name="change" tickFormatter={(v: number) => v.toFixed(2)} />
        <ReferenceLine y={0} stroke="#333" />
        <Tooltip formatter={(v) => Number(v).toFixed(3)} />
        <Scatter
          data={points.filter((p) => !p.flip)}
          fill={SUPPORTS}
          isAnimationActive={false}
          name="same prediction"
        />
        <Scatter
          data={points.filter((p) => p.flip)}
          fill={OPPOSES}
          shape="diamond"
          isAnimationActive={false}
          name="prediction flips"
        />
      </ScatterChart>
    </ChartFigure>
  );
}
