import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart as a figure named by its title (shown above it when `visibleTitle`), drawn at the given height,
 * with its text alternative (a table, or a note) as the caption.
 */
export function ChartFigure({ title, height, visibleTitle = true, caption, children }: { title: string; height: number; visibleTitle?: boolean; caption: ReactNode; children: ReactElement }) {
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
