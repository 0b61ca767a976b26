import type { ExplanationRun, LabelExplanation } from '../../domain/explanation';
import { chooseLabels } from '../explainLabels';
import { Rng } from '../random';
import type { MaskPredictor } from '../predictor';
import {
  constrainedFit,
  DEFAULT_SHAP_SAMPLES,
  sampleCoalitions,
  shapExplanation,
  type KernelShapOptions,
} from './kernelShap';

/**
 * KernelSHAP over interpretable features that can be switched off (words removed, image segments hidden):
 * the empty coalition is everything off, the full one the instance; coalitions from the Shapley kernel in
 * complementary pairs; values sum exactly to f(x) − f(nothing).
 * @param features number of features (words or segments)
 */
export async function kernelShapMasks(
  features: number,
  predictor: MaskPredictor,
  featureName: (j: number) => string,
  options: KernelShapOptions,
): Promise<{ run: ExplanationRun; prediction: Float32Array }> {
  const clock = options.clock ?? Date.now;
  const start = clock();
  const seed = options.seed ?? 0;
  const d = features;
  const coalitions = sampleCoalitions(d, Math.max(2, options.numSamples ?? DEFAULT_SHAP_SAMPLES), new Rng(seed));
  const n = coalitions.length / d;
  const masks = new Uint8Array((n + 2) * d);
  masks.fill(1, 0, d); // row 0: the instance; row 1: nothing
  masks.set(coalitions, 2 * d);
  const t0 = clock();
  const scores = await predictor.predictMasks(masks, n + 2);
  const inferenceMs = predictor.lastRunMs ?? clock() - t0;
  const outputs = predictor.outputs;
  const prediction = scores.slice(0, outputs);
  const labels =
    options.task === 'regression' ? [0] : chooseLabels(prediction, options.labels ?? null, options.topLabels ?? null);
  const explanations = labels.map((label): LabelExplanation => {
    const fx = scores[label];
    const base = scores[outputs + label];
    const v = Float64Array.from({ length: n }, (_, i) => scores[(i + 2) * outputs + label]);
    return shapExplanation(label, options, base, fx, constrainedFit(coalitions, n, d, v, base, fx), featureName);
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
