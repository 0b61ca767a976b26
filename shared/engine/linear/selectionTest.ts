import { normalCdf } from '../normal';
import { cholesky, choleskySolve } from './cholesky';
import type { Design } from './design';
import { targetMoments, type DesignMoments } from './moments';

/** One step of forward selection and its test (see testedForwardSelection). */
export interface StepTest {
  /** 1-based. */
  step: number;
  feature: number;
  /** The best candidate at this step that the final selection leaves out; null when none is left out. */
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
 * Which runner-up. S-LIME tests the leader against the next best candidate, which makes the *order* of the
 * selection the claim. What a reviewer reads is the *set*, and among the last features of a real model's
 * top ten two are often tied to within noise while both are selected: their order never settles, yet the
 * set does not depend on it. So each step's leader is tested against the best candidate that the final
 * selection leaves out; a "stable" verdict says the set would come out the same.
 *
 * The statistic. With the set S chosen so far, let e = y − ȳ − Z̃_S β_S be the weighted least-squares
 * residual of the target and, for a candidate j, u_j = z̃_j − Z̃_S γ_j the residual of its (centred) column
 * on S, r_j = Σ w u_j². The gain of adding j is a_j², with a_j = Σ_i w_i e_i u_ij / √r_j, so the leader
 * (1) has the largest |a_j| and the runner-up (2) the largest of those left out. Their difference is a sum over the samples,
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
  z: Design,
  rows: number,
  cols: number,
  w: Float64Array,
  design: DesignMoments,
  y: Float64Array,
  k: number,
  level: number,
): { chosen: number[]; steps: StepTest[] } {
  const target = targetMoments(z, rows, cols, w, y, design);
  // First the selection itself, then each step tested against what it left out.
  const chosen: number[] = [];
  for (let step = 0; step < Math.min(k, cols); step++) {
    const candidates = stepCandidates(design, target.cross, chosen);
    if (candidates.length === 0) break;
    chosen.push(candidates[leaderOf(candidates)].j);
  }
  const selected = new Set(chosen);
  const steps = chosen.map((feature, s): StepTest => {
    const before = chosen.slice(0, s);
    const candidates = stepCandidates(design, target.cross, before);
    const leader = candidates.find((c) => c.j === feature)!;
    let other = -1;
    for (let c = 0; c < candidates.length; c++)
      if (!selected.has(candidates[c].j) && (other < 0 || candidates[c].gain > candidates[other].gain)) other = c;
    let statistic = Infinity;
    let pValue = 0;
    if (other >= 0) {
      const beta = stepBeta(design, target.cross, before);
      const d = stepContributions(
        z,
        rows,
        cols,
        w,
        y,
        target.mean,
        design.mean,
        before,
        beta,
        leader,
        candidates[other],
      );
      statistic = zScore(d);
      pValue = 1 - normalCdf(statistic);
    }
    return {
      step: s + 1,
      feature,
      runnerUp: other >= 0 ? candidates[other].j : null,
      statistic,
      pValue,
      level,
      passed: pValue < level,
    };
  });
  return { chosen, steps };
}

interface Candidate {
  j: number;
  /** The gain in weighted R² (times the target's spread) of adding j: a². */
  gain: number;
  a: number;
  r: number;
  gamma: Float64Array;
}

/** The columns not in `chosen`, each with what adding it would gain given `chosen` (forwardSelection's criterion). */
function stepCandidates(design: DesignMoments, cross: Float64Array, chosen: number[]): Candidate[] {
  const { cols, gram: g } = design;
  const s = chosen.length;
  const l = factorChosen(design, chosen);
  const beta = stepBeta(design, cross, chosen, l);
  let maxDiag = 0;
  for (let j = 0; j < cols; j++) maxDiag = Math.max(maxDiag, g[j * cols + j]);
  const taken = new Set(chosen);
  const candidates: Candidate[] = [];
  for (let j = 0; j < cols; j++) {
    if (taken.has(j)) continue;
    const gsj = new Float64Array(s);
    for (let a = 0; a < s; a++) gsj[a] = g[chosen[a] * cols + j];
    const gamma = s > 0 && l ? choleskySolve(l, gsj, s) : gsj;
    let r = g[j * cols + j];
    let num = cross[j];
    for (let a = 0; a < s; a++) {
      r -= gsj[a] * gamma[a];
      num -= gsj[a] * beta[a];
    }
    const usable = r > 1e-12 * maxDiag;
    candidates.push({ j, gain: usable ? (num * num) / r : 0, a: usable ? num / Math.sqrt(r) : 0, r, gamma });
  }
  return candidates;
}

/** The same choice as forwardSelection: the largest gain, the lower index on a tie. */
function leaderOf(candidates: Candidate[]): number {
  let first = 0;
  for (let c = 1; c < candidates.length; c++) if (candidates[c].gain > candidates[first].gain) first = c;
  return first;
}

function factorChosen(design: DesignMoments, chosen: number[]): Float64Array | null {
  const { cols, gram: g } = design;
  const s = chosen.length;
  if (s === 0) return new Float64Array(0);
  const gss = new Float64Array(s * s);
  let maxDiag = 0;
  for (let a = 0; a < s; a++) {
    maxDiag = Math.max(maxDiag, g[chosen[a] * cols + chosen[a]]);
    for (let b = 0; b < s; b++) gss[a * s + b] = g[chosen[a] * cols + chosen[b]];
  }
  return cholesky(gss, s) ?? cholesky(gss, s, 1e-12 * maxDiag);
}

/** β of the weighted least-squares fit of the target on the chosen columns. */
function stepBeta(
  design: DesignMoments,
  cross: Float64Array,
  chosen: number[],
  l: Float64Array | null = factorChosen(design, chosen),
): Float64Array {
  const s = chosen.length;
  if (s === 0 || !l) return new Float64Array(s);
  return choleskySolve(
    l,
    Float64Array.from(chosen, (j) => cross[j]),
    s,
  );
}

/** d_i of the note above, one per sample. */
function stepContributions(
  z: Design,
  rows: number,
  cols: number,
  w: Float64Array,
  y: Float64Array,
  yMean: number,
  zMean: Float64Array,
  chosen: number[],
  beta: Float64Array,
  one: Candidate,
  two: Candidate,
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
