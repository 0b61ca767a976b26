import { normalCdf } from '../normal';
import { cholesky, choleskySolve } from './cholesky';
import { targetMoments, type DesignMoments } from './moments';

/** One step of forward selection and its test (see testedForwardSelection). */
export interface StepTest {
  /** 1-based. */
  step: number;
  feature: number;
  /** The best of the others; null when none was left. */
  runnerUp: number | null;
  /** z: the leader's lead in standard errors (+∞ with no runner-up). */
  statistic: number;
  /** One-sided p-value of the lead, 1 − Φ(z). */
  pValue: number;
  level: number;
  passed: boolean;
}

/**
 * Forward selection (the choice forwardSelection makes: at each step the column with the largest gain in
 * weighted R²) with a test at each step of whether the leader beats the runner-up by more than sampling
 * noise — S-LIME's test (Zhou, Hooker & Wang, KDD 2021), worked out for LIME's weighted, centred fit.
 *
 * The statistic. With the set S chosen so far, let e = y − ȳ − Z̃_S β_S be the weighted least-squares
 * residual of the target and, for a candidate j, u_j = z̃_j − Z̃_S γ_j the residual of its (centred) column
 * on S, r_j = Σ w u_j². The gain of adding j is a_j², with a_j = Σ_i w_i e_i u_ij / √r_j, so the leader
 * (1) and runner-up (2) are the two largest |a_j|. Their difference is a sum over the samples,
 *   Δ = |a₁| − |a₂| = Σ_i d_i,   d_i = w_i e_i (s₁ u_i1 / √r₁ − s₂ u_i2 / √r₂),   s = sign(a),
 * exactly (because Σ w e u_j = c_j − G_jS β_S for least-squares β and γ). LIME's samples are independent
 * draws, so by the central limit theorem Δ is approximately normal with variance n·Var(d), estimated by
 * SE² = n/(n−1) · Σ (d_i − d̄)². The step passes at level α when z = Δ / SE has 1 − Φ(z) < α: the lead is
 * larger than a tie would give by chance.
 *
 * Assumed: independent samples (true of LIME's sampling; the instance row adds one fixed term). Approximated:
 * β_S, γ and r are treated as fixed, though estimated from the same samples (their error is of a smaller
 * order than Δ's); the CLT's normality of Δ; the sign of a₂ as observed. The caller splits α over the steps,
 * labels and repeated checks (a union bound), so a "stable" verdict is wrong with probability at most α under
 * these approximations.
 * @param level the level each step is held to
 */
export function testedForwardSelection(
  z: Float64Array,
  rows: number,
  cols: number,
  w: Float64Array,
  design: DesignMoments,
  y: Float64Array,
  k: number,
  level: number,
): { chosen: number[]; steps: StepTest[] } {
  const g = design.gram;
  const target = targetMoments(z, rows, cols, w, y, design);
  const chosen: number[] = [];
  const steps: StepTest[] = [];
  const taken = new Uint8Array(cols);
  let maxDiag = 0;
  for (let j = 0; j < cols; j++) maxDiag = Math.max(maxDiag, g[j * cols + j]);
  const tolerance = 1e-12 * maxDiag;
  for (let step = 0; step < Math.min(k, cols); step++) {
    const s = chosen.length;
    const gss = new Float64Array(s * s);
    const cs = new Float64Array(s);
    for (let a = 0; a < s; a++) {
      cs[a] = target.cross[chosen[a]];
      for (let b = 0; b < s; b++) gss[a * s + b] = g[chosen[a] * cols + chosen[b]];
    }
    const l = s > 0 ? (cholesky(gss, s) ?? cholesky(gss, s, tolerance)) : new Float64Array(0);
    const beta = s > 0 && l ? choleskySolve(l, cs, s) : new Float64Array(0);
    const candidates: { j: number; gain: number; a: number; r: number; gamma: Float64Array }[] = [];
    for (let j = 0; j < cols; j++) {
      if (taken[j]) continue;
      const gsj = new Float64Array(s);
      for (let a = 0; a < s; a++) gsj[a] = g[chosen[a] * cols + j];
      const gamma = s > 0 && l ? choleskySolve(l, gsj, s) : gsj;
      let r = g[j * cols + j];
      let num = target.cross[j];
      for (let a = 0; a < s; a++) {
        r -= gsj[a] * gamma[a];
        num -= gsj[a] * beta[a];
      }
      const usable = r > tolerance;
      candidates.push({ j, gain: usable ? (num * num) / r : 0, a: usable ? num / Math.sqrt(r) : 0, r, gamma });
    }
    if (candidates.length === 0) break;
    // The same order as forwardSelection: the largest gain, the lower index on a tie.
    let first = 0;
    for (let c = 1; c < candidates.length; c++) if (candidates[c].gain > candidates[first].gain) first = c;
    let second = -1;
    for (let c = 0; c < candidates.length; c++)
      if (c !== first && (second < 0 || candidates[c].gain > candidates[second].gain)) second = c;
    const leader = candidates[first];
    let statistic = Infinity;
    let pValue = 0;
    if (second >= 0) {
      const other = candidates[second];
      const d = stepContributions(z, rows, cols, w, y, target.mean, design.mean, chosen, beta, leader, other);
      statistic = zScore(d);
      pValue = 1 - normalCdf(statistic);
    }
    steps.push({
      step: step + 1,
      feature: leader.j,
      runnerUp: second >= 0 ? candidates[second].j : null,
      statistic,
      pValue,
      level,
      passed: pValue < level,
    });
    chosen.push(leader.j);
    taken[leader.j] = 1;
  }
  return { chosen, steps };
}

/** d_i of the note above, one per sample. */
function stepContributions(
  z: Float64Array,
  rows: number,
  cols: number,
  w: Float64Array,
  y: Float64Array,
  yMean: number,
  zMean: Float64Array,
  chosen: number[],
  beta: Float64Array,
  one: { j: number; a: number; r: number; gamma: Float64Array },
  two: { j: number; a: number; r: number; gamma: Float64Array },
): Float64Array {
  const s = chosen.length;
  const c1 = one.r > 0 ? Math.sign(one.a) / Math.sqrt(one.r) : 0;
  const c2 = two.r > 0 ? Math.sign(two.a) / Math.sqrt(two.r) : 0;
  const d = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let e = y[i] - yMean;
    let u1 = z[base + one.j] - zMean[one.j];
    let u2 = z[base + two.j] - zMean[two.j];
    for (let a = 0; a < s; a++) {
      const x = z[base + chosen[a]] - zMean[chosen[a]];
      e -= x * beta[a];
      u1 -= x * one.gamma[a];
      u2 -= x * two.gamma[a];
    }
    d[i] = w[i] * e * (c1 * u1 - c2 * u2);
  }
  return d;
}

/** Σd divided by its standard error under independent samples; a sum with no spread is a tie or a sure lead. */
export function zScore(d: Float64Array): number {
  const n = d.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += d[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (d[i] - mean) ** 2;
  const se = Math.sqrt((n / Math.max(1, n - 1)) * squares);
  if (!(se > 0)) return sum > 0 ? Infinity : 0;
  return sum / se;
}
