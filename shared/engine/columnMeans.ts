import { Rng } from './random';

/** A column's mean with its standard error and a 95 % interval. */
export interface ColumnMean {
  mean: number;
  se: number;
  interval: [number, number];
}

/**
 * Means per column of several n × m matrices, with their bootstrap standard errors and 95 % percentile
 * intervals over resamples of the rows (the same resamples for every matrix, so they are paired).
 */
export function bootstrapColumnMeans(
  matrices: Float64Array[],
  n: number,
  m: number,
  resamples: number,
  seed: number,
): ColumnMean[][] {
  const means = matrices.map((x) => columnMeans(x, n, m, null));
  if (n === 0)
    return means.map((mm) => Array.from(mm, (v) => ({ mean: v, se: 0, interval: [v, v] as [number, number] })));
  const draws = matrices.map(() => new Float64Array(resamples * m));
  const counts = new Int32Array(n);
  const rng = new Rng(seed);
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[rng.int(n)]++;
    matrices.forEach((x, k) => draws[k].set(columnMeans(x, n, m, counts), b * m));
  }
  const lo = Math.floor(0.025 * (resamples - 1));
  const hi = Math.ceil(0.975 * (resamples - 1));
  return means.map((mm, k) =>
    Array.from(mm, (value, j) => {
      const column = Float64Array.from({ length: resamples }, (_, b) => draws[k][b * m + j]).sort();
      const centre = column.reduce((a, x) => a + x, 0) / resamples;
      const se = Math.sqrt(column.reduce((a, x) => a + (x - centre) ** 2, 0) / Math.max(1, resamples - 1));
      return { mean: value, se, interval: [column[lo], column[hi]] as [number, number] };
    }),
  );
}

/** Means per column with standard errors sd/√n and normal 95 % intervals: the bootstrap's limit for a mean. */
export function closedFormColumnMeans(matrices: Float64Array[], n: number, m: number): ColumnMean[][] {
  return matrices.map((x) => {
    const means = columnMeans(x, n, m, null);
    const squares = new Float64Array(m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) squares[j] += (x[i * m + j] - means[j]) ** 2;
    return Array.from(means, (mean, j) => {
      const se = Math.sqrt(squares[j] / Math.max(1, n)) / Math.sqrt(Math.max(1, n));
      return { mean, se, interval: [mean - 1.96 * se, mean + 1.96 * se] as [number, number] };
    });
  });
}

/** Column means of an n × m matrix, rows weighted by `counts` (all 1 when null). */
export function columnMeans(x: Float64Array, n: number, m: number, counts: Int32Array | null): Float64Array {
  const sums = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const c = counts ? counts[i] : 1;
    if (c === 0) continue;
    const base = i * m;
    for (let j = 0; j < m; j++) sums[j] += c * x[base + j];
  }
  for (let j = 0; j < m; j++) sums[j] /= n;
  return sums;
}
