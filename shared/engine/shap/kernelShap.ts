import type { ExplanationRun, LabelExplanation } from '../../domain/explanation';
import { chooseLabels, type LabelChoice } from '../explainLabels';
import { solveSpd } from '../linear/cholesky';
import type { Clock, Predictor } from '../predictor';
import { Rng } from '../random';

/** Coalitions KernelSHAP samples unless told otherwise. */
export const DEFAULT_SHAP_SAMPLES = 2048;

/** KernelSHAP options (Lundberg & Lee 2017). */
export interface KernelShapOptions extends LabelChoice {
  /** Coalitions sampled (in complementary pairs). Default 2048. */
  numSamples?: number;
  seed?: number;
  clock?: Clock;
}

/**
 * KernelSHAP for a tabular instance: coalition sizes are drawn from the Shapley kernel's distribution,
 * (M−1)/(s·(M−s)) for s = 1…M−1, members uniformly within a size, each coalition with its complement; a
 * coalition's value is the model's mean over background rows with the absent features taken from them.
 * Least squares with the efficiency constraint Σφ = f(x) − E[f] exact (the infinite kernel weight of the
 * empty and full coalitions).
 * @param instance raw values, length cols (categorical: codes)
 * @param background rows × cols of training rows (raw values, codes)
 * @param featureName name of feature j for the weights
 */
export async function kernelShapTabular(
  instance: Float64Array,
  background: Float64Array,
  backgroundRows: number,
  predictor: Predictor,
  featureName: (j: number) => string,
  options: KernelShapOptions,
): Promise<{ run: ExplanationRun; prediction: Float32Array }> {
  const clock = options.clock ?? Date.now;
  const start = clock();
  const seed = options.seed ?? 0;
  const m = instance.length;
  const b = backgroundRows;
  if (background.length !== b * m || b < 1)
    throw new RangeError(`kernelShapTabular: expected ${b} background rows of ${m} values`);
  const coalitions = sampleCoalitions(m, Math.max(2, options.numSamples ?? DEFAULT_SHAP_SAMPLES), new Rng(seed));
  const n = coalitions.length / m;
  // Rows for the model: the instance, the background (the empty coalition), then each coalition over the background.
  const rows = 1 + b + n * b;
  const x = new Float32Array(rows * m);
  x.set(instance, 0);
  x.set(background, m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < b; k++) {
      const row = (1 + b + i * b + k) * m;
      for (let j = 0; j < m; j++) x[row + j] = coalitions[i * m + j] ? instance[j] : background[k * m + j];
    }
  }
  const t0 = clock();
  const scores = await predictor.predict(x, rows);
  const inferenceMs = clock() - t0;
  const outputs = predictor.outputs;
  const prediction = scores.slice(0, outputs);
  const labels =
    options.task === 'regression' ? [0] : chooseLabels(prediction, options.labels ?? null, options.topLabels ?? null);
  const explanations = labels.map((label): LabelExplanation => {
    let base = 0;
    for (let k = 0; k < b; k++) base += scores[(1 + k) * outputs + label] / b;
    const fx = scores[label];
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < b; k++) s += scores[(1 + b + i * b + k) * outputs + label];
      v[i] = s / b;
    }
    return shapExplanation(label, options, base, fx, constrainedFit(coalitions, n, m, v, base, fx), featureName);
  });
  return {
    run: {
      seed,
      explanations,
      timing: { totalMs: clock() - start, inferenceMs },
      neighbourhood: { samples: n, effectiveSampleSize: n },
    },
    prediction,
  };
}

/** A label's SHAP values as an explanation: intercept the expected value, weights the values, largest first. */
export function shapExplanation(
  label: number,
  options: KernelShapOptions,
  base: number,
  fx: number,
  fit: { phi: Float64Array; score: number },
  featureName: (j: number) => string,
): LabelExplanation {
  const regression = options.task === 'regression';
  return {
    label: regression ? null : label,
    labelName: regression ? null : (options.classNames?.[label] ?? String(label)),
    intercept: base,
    score: fit.score,
    localPrediction: base + fit.phi.reduce((a, c) => a + c, 0),
    modelPrediction: fx,
    weights: Array.from(fit.phi, (weight, feature) => ({ feature, name: featureName(feature), weight })).sort(
      (p, q) => Math.abs(q.weight) - Math.abs(p.weight) || p.feature - q.feature,
    ),
  };
}

/** Coalitions (rows of 0/1, length m) drawn from the Shapley kernel's size distribution, in complementary pairs. */
export function sampleCoalitions(m: number, numSamples: number, rng: Rng): Uint8Array {
  if (m < 2) return new Uint8Array(0);
  const sizes = Array.from({ length: m - 1 }, (_, k) => k + 1);
  const mass = sizes.map((s) => (m - 1) / (s * (m - s)));
  const total = mass.reduce((a, c) => a + c, 0);
  const cum = mass.map(
    (
      (acc) => (w: number) =>
        (acc += w / total)
    )(0),
  );
  const pairs = Math.ceil(numSamples / 2);
  const out = new Uint8Array(pairs * 2 * m);
  const order = Int32Array.from({ length: m }, (_, j) => j);
  for (let p = 0; p < pairs; p++) {
    const u = rng.uniform();
    let s = 0;
    while (s < cum.length - 1 && cum[s] < u) s++;
    const size = sizes[s];
    for (let j = 0; j < size; j++) {
      const pick = j + rng.int(m - j);
      [order[j], order[pick]] = [order[pick], order[j]];
    }
    const a = 2 * p * m;
    for (let j = 0; j < size; j++) out[a + order[j]] = 1;
    for (let j = 0; j < m; j++) out[a + m + j] = 1 - out[a + j];
  }
  return out;
}

/**
 * Least squares of v(z) − base on z with Σφ = fx − base exactly: the last feature's value is eliminated
 * (φ_m = fx − base − Σ_{j<m} φ_j) and the rest solved by normal equations. Samples are already drawn
 * from the kernel, so each counts equally. Score: R² of the fit on the coalitions.
 */
export function constrainedFit(
  z: Uint8Array,
  n: number,
  m: number,
  v: Float64Array,
  base: number,
  fx: number,
): { phi: Float64Array; score: number } {
  const total = fx - base;
  const k = m - 1;
  const a = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const xr = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const zm = z[i * m + m - 1];
    const y = v[i] - base - zm * total;
    for (let j = 0; j < k; j++) xr[j] = z[i * m + j] - zm;
    for (let p = 0; p < k; p++) {
      if (xr[p] === 0) continue;
      rhs[p] += xr[p] * y;
      for (let q = 0; q < k; q++) a[p * k + q] += xr[p] * xr[q];
    }
  }
  const head = k > 0 ? solveSpd(a, rhs, k) : new Float64Array(0);
  const phi = new Float64Array(m);
  phi.set(head);
  phi[m - 1] = total - head.reduce((s, c) => s + c, 0);
  let sse = 0;
  let sst = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i] / n;
  for (let i = 0; i < n; i++) {
    let fit = base;
    for (let j = 0; j < m; j++) fit += z[i * m + j] * phi[j];
    sse += (v[i] - fit) ** 2;
    sst += (v[i] - mean) ** 2;
  }
  return { phi, score: sst > 0 ? 1 - sse / sst : 1 };
}
