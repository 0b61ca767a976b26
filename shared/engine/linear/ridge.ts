import { solveSpd } from './cholesky';
import { arenaOf } from '../wasm/arenas';
import type { Design } from './design';
import type { DesignMoments, TargetMoments } from './moments';

/** A weighted linear fit with intercept on a subset of columns. */
export interface LinearFit {
  /** Columns of the design used, in fit order. */
  columns: number[];
  /** Coefficient of each of `columns`. */
  coef: Float64Array;
  intercept: number;
}

/**
 * Weighted ridge regression with intercept, from moments: minimises Σ w (y − b − zβ)² + alpha·|β|², the
 * objective of scikit-learn's Ridge with sample weights (the penalty is not scaled by the weights).
 * @param alpha ≥ 0; 0 gives ordinary weighted least squares
 */
export function ridgeFromMoments(
  design: DesignMoments,
  target: TargetMoments,
  columns: readonly number[],
  alpha: number,
): LinearFit {
  const k = columns.length;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  const n = design.cols;
  for (let p = 0; p < k; p++) {
    b[p] = target.cross[columns[p]];
    for (let q = 0; q < k; q++) a[p * k + q] = design.gram[columns[p] * n + columns[q]];
    a[p * k + p] += alpha;
  }
  const coef = k > 0 ? solveSpd(a, b, k) : new Float64Array(0);
  let intercept = target.mean;
  for (let p = 0; p < k; p++) intercept -= coef[p] * design.mean[columns[p]];
  return { columns: [...columns], coef, intercept };
}

/** Weighted R² of a fit, from moments: 1 − SSE / SST with SSE = SST − 2βᵀc + βᵀGβ. */
export function r2FromMoments(design: DesignMoments, target: TargetMoments, fit: LinearFit): number {
  if (!(target.total > 0)) return 0;
  const n = design.cols;
  const k = fit.columns.length;
  let sse = target.total;
  for (let p = 0; p < k; p++) {
    const cp = fit.columns[p];
    sse -= 2 * fit.coef[p] * target.cross[cp];
    for (let q = 0; q < k; q++) sse += fit.coef[p] * fit.coef[q] * design.gram[cp * n + fit.columns[q]];
  }
  return 1 - Math.max(sse, 0) / target.total;
}

/**
 * Weighted R² of a fit computed from the rows themselves (exact where the moment formula would cancel).
 * @param z rows × cols design; y and w of length rows
 */
export function weightedR2(
  z: Design,
  rows: number,
  cols: number,
  y: Float64Array,
  w: Float64Array,
  fit: LinearFit,
): number {
  let sw = 0;
  let swy = 0;
  let swyy = 0;
  for (let i = 0; i < rows; i++) {
    sw += w[i];
    swy += w[i] * y[i];
    swyy += w[i] * y[i] * y[i];
  }
  const mean = swy / sw;
  // In WebAssembly when z lives in a kernel arena (the same bits), else in TypeScript.
  const [sse, sst] =
    arenaOf(z)?.weightedResiduals(z, rows, cols, y, w, mean, fit) ?? residuals(z, rows, cols, y, w, mean, fit);
  // scikit-learn's convention for a constant target: a perfect fit scores 1, anything else 0.
  // Relative to Σwy², so rounding in a constant target does not count as variance.
  const negligible = 1e-20 * Math.max(swyy, Number.MIN_VALUE);
  if (sst <= negligible) return sse <= negligible ? 1 : 0;
  return 1 - sse / sst;
}

/** [Σ w (y − fit)², Σ w (y − mean)²] over the rows. */
function residuals(
  z: Design,
  rows: number,
  cols: number,
  y: Float64Array,
  w: Float64Array,
  mean: number,
  fit: LinearFit,
): [number, number] {
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < rows; i++) {
    const r = y[i] - predictRow(z, i * cols, fit);
    sse += w[i] * r * r;
    sst += w[i] * (y[i] - mean) * (y[i] - mean);
  }
  return [sse, sst];
}

/** The fit's value at the row of z starting at `offset`. */
export function predictRow(z: ArrayLike<number>, offset: number, fit: LinearFit): number {
  let v = fit.intercept;
  for (let p = 0; p < fit.columns.length; p++) v += fit.coef[p] * z[offset + fit.columns[p]];
  return v;
}
