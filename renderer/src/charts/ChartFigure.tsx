import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart as a figure named by its title (shown above it when `visibleTitle`), drawn at the given height,
 * with its text alternative (a table, or a note) as the caption. The charts take no keyboard focus
 * (recharts' accessibility layer is off): their table says everything they draw, without a detour
 * through each bar for keyboard users.
 */
export function ChartFigure({
  title,
  height,
  visibleTitle = true,
  caption,
  children,
}: {
  title: string;
  height: number;
  visibleTitle?: boolean;
  caption: ReactNode;
  children: ReactElement;
}) {
  return (
    <figure className="chart" aria-label={title}>
      {visibleTitle && (
        <p className="chart-title" aria-hidden="true">
          {title}
        </p>
      )}
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
      {caption}
    </figure>
  );
}

/** A chart's text alternative: its data as a table (visually hidden, read by assistive technology). */
export function ChartTable({
  title,
  head,
  rows,
}: {
  title: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  return (
    <figcaption className="sr-table">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figcaption>
  );
}
