import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
} from 'recharts';

import { ChartFigure, ChartTable } from './ChartFigure';
import { axisLabel, type WeightBar } from './charts.data';
import { NEUTRAL, OPPOSES, SUPPORTS } from '../../../shared/report/palette';

/**
 * Horizontal bars around zero (blue for positive values, vermillion for negative, grey when muted), with
 * intervals when given: the weights of an explanation, the differences between two, a study's shifts.
 * `visibleTitle` also shows the title above the chart; `intervalName` heads the intervals' column.
 */
export function WeightsChart({
  bars,
  title,
  valueName = 'weight',
  intervalName = '95 % interval',
  visibleTitle = false,
  labelWidth = 260,
}: {
  bars: WeightBar[];
  title: string;
  valueName?: string;
  intervalName?: string;
  visibleTitle?: boolean;
  labelWidth?: number;
}) {
  const notes = bars.some((b) => b.note);
  const data = bars.map((b) => ({
    ...b,
    error: b.low !== null && b.high !== null ? [b.weight - b.low, b.high - b.weight] : undefined,
  }));
  return (
    <ChartFigure
      title={title}
      visibleTitle={visibleTitle}
      height={Math.max(160, 26 * bars.length + 40)}
      caption={
        <ChartTable
          title={title}
          head={['feature', valueName, intervalName, ...(notes ? ['note'] : [])]}
          rows={bars.map((b) => ({
            key: b.name,
            cells: [
              b.name,
              b.weight.toFixed(4),
              b.low === null ? '—' : `${b.low.toFixed(4)} … ${b.high!.toFixed(4)}`,
              ...(notes ? [b.note ?? ''] : []),
            ],
          }))}
        />
      }
    >
      <BarChart
        accessibilityLayer={false}
        data={data}
        layout="vertical"
        margin={{ left: 8, right: 24, top: 8, bottom: 8 }}
      >
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" tickFormatter={(v: number) => v.toFixed(2)} />
        <YAxis
          type="category"
          dataKey="name"
          width={labelWidth}
          interval={0}
          tick={(props: YAxisTickContentProps) => (
            <FeatureTick x={props.x} y={props.y} name={String(props.payload.value)} width={labelWidth} />
          )}
        />
        <Tooltip formatter={(v) => Number(v).toFixed(4)} />
        <ReferenceLine x={0} stroke="#333" />
        <Bar dataKey="weight" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.muted ? NEUTRAL : d.weight >= 0 ? SUPPORTS : OPPOSES} />
          ))}
          {data.some((d) => d.error) && (
            <ErrorBar
              dataKey="error"
              width={4}
              strokeWidth={1.5}
              stroke="#222"
              direction="x"
              isAnimationActive={false}
            />
          )}
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}

/** A feature's name on the axis: one line, cut to fit, the full name in its tooltip. */
function FeatureTick({ x, y, name, width }: { x: number | string; y: number | string; name: string; width: number }) {
  const label = axisLabel(name, width);
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#333">
      {label !== name && <title>{name}</title>}
      {label}
    </text>
  );
}
