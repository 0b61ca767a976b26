import type { FeatureSelection } from '../../domain/tabular';
import { cholesky, choleskySolve } from './cholesky';
import { lassoPath } from './larsLasso';
import type { DesignMoments, TargetMoments } from './moments';
import { ridgeFromMoments } from './ridge';

/**
 * Chooses the columns that enter the surrogate (LIME.md §1).
 * @param z0 the instance's row of the design (length cols), used by highest-weights
 * @param numFeatures how many columns at most
 * @returns column indices
 */
export function selectFeatures(
  method: FeatureSelection,
  design: DesignMoments,
  target: TargetMoments,
  z0: ArrayLike<number>,
  numFeatures: number,
): number[] {
  const cols = design.cols;
  const k = Math.min(numFeatures, cols);
  switch (method) {
    case 'none':
      return range(cols);
    case 'auto':
      return selectFeatures(k <= 6 ? 'forward-selection' : 'highest-weights', design, target, z0, k);
    case 'forward-selection':
      return forwardSelection(design, target, k);
    case 'highest-weights': {
      const fit = ridgeFromMoments(design, target, range(cols), 0.01);
      return range(cols)
        .map((j) => ({ j, v: Math.abs(fit.coef[j] * z0[j]) }))
        .sort((a, b) => b.v - a.v || a.j - b.j)
        .slice(0, k)
        .map((e) => e.j);
    }
    case 'lasso-path': {
      const path = lassoPath(design, target);
      // The least-regularised point of the path with at most k non-zero coefficients.
      for (let s = path.length - 1; s >= 1; s--) {
        const nonZero = nonZeroIndices(path[s]);
        if (nonZero.length <= k || s === 1) return nonZero;
      }
      return [];
    }
  }
}

/**
 * Greedy forward selection by weighted R² of an unregularised fit. Incremental: with the current set S
 * fitted, the gain of adding column j is (c_j − G_jS β_S)² / (G_jj − G_jS G_SS⁻¹ G_Sj), so each step costs
 * one Cholesky factor of G_SS and a k² solve per candidate, not a refit over the rows.
 */
export function forwardSelection(design: DesignMoments, target: TargetMoments, k: number): number[] {
  const p = design.cols;
  const g = design.gram;
  const chosen: number[] = [];
  const taken = new Uint8Array(p);
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, g[j * p + j]);
  for (let step = 0; step < k; step++) {
    const s = chosen.length;
    const gss = new Float64Array(s * s);
    const cs = new Float64Array(s);
    for (let a = 0; a < s; a++) {
      cs[a] = target.cross[chosen[a]];
      for (let b = 0; b < s; b++) gss[a * s + b] = g[chosen[a] * p + chosen[b]];
    }
    const l = s > 0 ? (cholesky(gss, s) ?? cholesky(gss, s, 1e-12 * maxDiag)) : new Float64Array(0);
    const beta = s > 0 && l ? choleskySolve(l, cs, s) : new Float64Array(0);
    let best = -1;
    let bestGain = -1;
    for (let j = 0; j < p; j++) {
      if (taken[j]) continue;
      const gsj = new Float64Array(s);
      for (let a = 0; a < s; a++) gsj[a] = g[chosen[a] * p + j];
      const v = s > 0 && l ? choleskySolve(l, gsj, s) : gsj;
      let resid = g[j * p + j];
      let num = target.cross[j];
      for (let a = 0; a < s; a++) {
        resid -= gsj[a] * v[a];
        num -= gsj[a] * beta[a];
      }
      const gain = resid > 1e-12 * maxDiag ? (num * num) / resid : 0;
      if (gain > bestGain) {
        bestGain = gain;
        best = j;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    taken[best] = 1;
  }
  return chosen;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function nonZeroIndices(v: Float64Array): number[] {
  const out: number[] = [];
  for (let j = 0; j < v.length; j++) if (v[j] !== 0) out.push(j);
  return out;
}
