import { escapeHtml } from './escape';

const SUPPORTS = '#0072B2';
const OPPOSES = '#D55E00';

/**
 * Horizontal bars around zero as an inline SVG (blue positive, vermillion negative), with intervals when
 * given: a report's weights and weight differences. Self-contained: no script, no external resource.
 */
export function barChartSvg(bars: { name: string; value: number; low?: number | null; high?: number | null }[], options: { width?: number; title: string }): string {
  const width = options.width ?? 640;
  const labelWidth = Math.min(250, Math.round(width * 0.45));
  const row = 20;
  const height = bars.length * row + 30;
  const extent = Math.max(1e-12, ...bars.flatMap((b) => [Math.abs(b.value), Math.abs(b.low ?? 0), Math.abs(b.high ?? 0)]));
  const plot = width - labelWidth - 20;
  const zero = labelWidth + plot / 2;
  const x = (v: number) => zero + (v / extent) * (plot / 2);
  const parts = bars.map((b, i) => {
    const y = 10 + i * row;
    const [a, c] = [x(Math.min(0, b.value)), x(Math.max(0, b.value))];
    const interval = b.low != null && b.high != null ? `<line x1="${x(b.low).toFixed(1)}" x2="${x(b.high).toFixed(1)}" y1="${y + 7}" y2="${y + 7}" stroke="#222" stroke-width="1.2"/>` : '';
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
