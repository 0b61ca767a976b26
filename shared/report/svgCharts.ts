import { escapeHtml } from './escape';
import { OPPOSES, SUPPORTS } from './palette';

/**
 * Horizontal bars around zero as an inline SVG (blue positive, vermillion negative), with intervals when
 * given: a report's weights and weight differences. Self-contained: no script, no external resource.
 */
export function barChartSvg(
  bars: { name: string; value: number; low?: number | null; high?: number | null }[],
  options: { width?: number; title: string },
): string {
  const width = options.width ?? 640;
  const labelWidth = Math.min(250, Math.round(width * 0.45));
  const row = 20;
  const height = bars.length * row + 30;
  const extent = Math.max(
    1e-12,
    ...bars.flatMap((b) => [Math.abs(b.value), Math.abs(b.low ?? 0), Math.abs(b.high ?? 0)]),
  );
  const plot = width - labelWidth - 20;
  const zero = labelWidth + plot / 2;
  const x = (v: number) => zero + (v / extent) * (plot / 2);
  const parts = bars.map((b, i) => {
    const y = 10 + i * row;
    const [a, c] = [x(Math.min(0, b.value)), x(Math.max(0, b.value))];
    const interval =
      b.low != null && b.high != null
        ? `<line x1="${x(b.low).toFixed(1)}" x2="${x(b.high).toFixed(1)}" y1="${y + 7}" y2="${y + 7}" stroke="#222" stroke-width="1.2"/>`
        : '';
    return (
      `<text x="${labelWidth - 6}" y="${y + 11}" text-anchor="end" font-size="10">${escapeHtml(b.name)}</text>` +
      `<rect x="${a.toFixed(1)}" y="${y + 2}" width="${Math.max(0.5, c - a).toFixed(1)}" height="${row - 6}" fill="${b.value >= 0 ? SUPPORTS : OPPOSES}"/>` +
      interval +
      `<text x="${(b.value >= 0 ? c + 3 : a - 3).toFixed(1)}" y="${y + 11}" font-size="9" text-anchor="${b.value >= 0 ? 'start' : 'end'}" fill="#333">${b.value.toFixed(3)}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">` +
    `<line x1="${zero}" x2="${zero}" y1="4" y2="${height - 16}" stroke="#444"/>` +
    parts.join('') +
    `<text x="${labelWidth}" y="${height - 4}" font-size="9" fill="#555">−${extent.toFixed(3)}</text><text x="${width - 20}" y="${height - 4}" font-size="9" text-anchor="end" fill="#555">+${extent.toFixed(3)}</text>` +
    '</svg>'
  );
}

/** Vertical bars of counts as an inline SVG: a histogram, its bins labelled below. */
export function histogramSvg(
  bins: { label: string; count: number }[],
  options: { width?: number; title: string },
): string {
  const width = options.width ?? 640;
  const height = 170;
  const plotTop = 10;
  const plotBottom = height - 40;
  const step = (width - 40) / Math.max(1, bins.length);
  const most = Math.max(1, ...bins.map((b) => b.count));
  const bars = bins.map((b, i) => {
    const h = ((plotBottom - plotTop) * b.count) / most;
    const x = 30 + i * step;
    return (
      `<rect x="${(x + 2).toFixed(1)}" y="${(plotBottom - h).toFixed(1)}" width="${(step - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${SUPPORTS}"/>` +
      (b.count
        ? `<text x="${(x + step / 2).toFixed(1)}" y="${(plotBottom - h - 2).toFixed(1)}" font-size="9" text-anchor="middle">${b.count}</text>`
        : '') +
      `<text x="${(x + step / 2).toFixed(1)}" y="${plotBottom + 12}" font-size="8" text-anchor="middle" fill="#333">${escapeHtml(b.label)}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">` +
    `<line x1="30" x2="${width - 10}" y1="${plotBottom}" y2="${plotBottom}" stroke="#444"/>` +
    bars.join('') +
    `<text x="${width / 2}" y="${height - 6}" font-size="9" text-anchor="middle" fill="#555">${escapeHtml(options.title)}</text>` +
    '</svg>'
  );
}

/** Points (x, y) as an inline SVG scatter; `marked` points are drawn as vermillion diamonds. */
export function scatterSvg(
  points: { x: number; y: number; marked: boolean }[],
  options: { width?: number; title: string; xLabel: string; yLabel: string; xDomain: [number, number] },
): string {
  const width = options.width ?? 640;
  const height = 220;
  const [left, right, top, bottom] = [50, width - 12, 10, height - 34];
  const reach = Math.max(1e-9, ...points.map((p) => Math.abs(p.y)));
  const [x0, x1] = options.xDomain;
  const sx = (v: number) => left + ((v - x0) / (x1 - x0)) * (right - left);
  const sy = (v: number) => (top + bottom) / 2 - (v / reach) * ((bottom - top) / 2);
  const marks = points.map((p) => {
    const [cx, cy] = [sx(p.x), sy(p.y)];
    return p.marked
      ? `<path d="M${cx.toFixed(1)} ${(cy - 5).toFixed(1)} L${(cx + 5).toFixed(1)} ${cy.toFixed(1)} L${cx.toFixed(1)} ${(cy + 5).toFixed(1)} L${(cx - 5).toFixed(1)} ${cy.toFixed(1)} Z" fill="${OPPOSES}"/>`
      : `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="2.5" fill="${SUPPORTS}" fill-opacity="0.75"/>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">` +
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#999"/>` +
    `<line x1="${left}" x2="${right}" y1="${sy(0)}" y2="${sy(0)}" stroke="#444"/>` +
    marks.join('') +
    `<text x="${left}" y="${bottom + 12}" font-size="9" fill="#555">${x0}</text><text x="${right}" y="${bottom + 12}" font-size="9" text-anchor="end" fill="#555">${x1}</text>` +
    `<text x="${(left + right) / 2}" y="${height - 6}" font-size="9" text-anchor="middle" fill="#555">${escapeHtml(options.xLabel)}</text>` +
    `<text x="4" y="${top + 8}" font-size="9" fill="#555">+${reach.toFixed(3)}</text><text x="4" y="${bottom}" font-size="9" fill="#555">−${reach.toFixed(3)}</text>` +
    `<text x="4" y="${(top + bottom) / 2 + 3}" font-size="9" fill="#555">${escapeHtml(options.yLabel)}</text>` +
    '</svg>'
  );
}
