import type { LabelExplanation } from '../domain/explanation';
import { exponentialKernel } from './kernel';
import type { Design } from './linear/design';
import type { Clock } from './predictor';
import type { MaskPredictor } from './predictor';

/**
 * How far the surrogate is from the model at the instance, |local − model|, and whether that is far
 * enough to flag: more than 0.1 in probability, or 10 % of a regression value (LIME.md §7).
 */
export function surrogateMiss(e: LabelExplanation): { gap: number; flagged: boolean } {
  const gap = Math.abs(e.localPrediction - e.modelPrediction);
  const tolerance = e.label === null ? 0.1 * Math.max(Math.abs(e.modelPrediction), 1e-9) : 0.1;
  return { gap, flagged: gap > tolerance };
}

/**
 * How well a fitted surrogate predicts the model on samples it was not fitted on: weighted R² and
 * weighted RMSE over a fresh neighbourhood (its own kernel weights). The surrogate's value at a row is
 * intercept + Σ weight_j · z_j over its selected features.
 * @param z fresh design, rows × cols; y the model's score there for the explanation's label
 */
export function heldOutFidelity(
  explanation: LabelExplanation,
  z: Design,
  rows: number,
  cols: number,
  weights: Float64Array,
  y: ArrayLike<number>,
): { samples: number; score: number; rmse: number } {
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < rows; i++) {
    sw += weights[i];
    swy += weights[i] * y[i];
  }
  const mean = swy / sw;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < rows; i++) {
    let fit = explanation.intercept;
    for (const w of explanation.weights) fit += w.weight * z[i * cols + w.feature];
    sse += weights[i] * (y[i] - fit) ** 2;
    sst += weights[i] * (y[i] - mean) ** 2;
  }
  return { samples: rows, score: sst > 0 ? 1 - sse / sst : sse <= 1e-24 ? 1 : 0, rmse: Math.sqrt(sse / sw) };
}

/**
 * Held-out fidelity for explanations over masks (text, image): a fresh neighbourhood from an independent
 * stream, answered by the same mask predictor, each label's surrogate scored on it (row 0 left out).
 * @returns milliseconds spent in the model (the predictor's own count where it keeps one), 0 when fresh is 0
 */
export async function maskHeldOut(
  explanations: LabelExplanation[],
  sample: (rows: number) => { masks: Uint8Array; z: Design; distances: Float64Array; rows: number; cols: number },
  predictor: MaskPredictor,
  kernelWidth: number,
  fresh: number,
  clock: Clock,
): Promise<number> {
  if (fresh <= 0) return 0;
  const hood = sample(fresh + 1);
  const t0 = clock();
  const scores = await predictor.predictMasks(hood.masks, hood.rows);
  const modelMs = predictor.lastRunMs ?? clock() - t0;
  const w = exponentialKernel(hood.distances, kernelWidth);
  for (const e of explanations) {
    const label = e.label ?? 0;
    const y = Float64Array.from({ length: hood.rows }, (_, i) => scores[i * predictor.outputs + label]);
    e.heldOut = heldOutFidelity(e, hood.z.subarray(hood.cols), hood.rows - 1, hood.cols, w.subarray(1), y.subarray(1));
  }
  return modelMs;
}
