import type { LabelExplanation, NeighbourhoodSummary } from '../domain/explanation';
import type { FeatureSelection } from '../domain/tabular';
import { exponentialKernel } from './kernel';
import type { Design } from './linear/design';
import { designMoments } from './linear/moments';
import { fitSurrogate } from './linear/surrogate';

export type Task = 'classification' | 'regression';

/** Which labels to explain, and how, for any modality. */
export interface LabelOptions {
  task: Task;
  /** Classification: classes to explain; default the predicted class. */
  labels?: number[] | null;
  /** Classification: the K most probable classes instead. */
  topLabels?: number | null;
  classNames?: string[] | null;
  featureSelection?: FeatureSelection;
  numFeatures: number;
  kernelWidth: number;
}

/** Which labels to explain and how to name them, whatever the method: LIME or KernelSHAP, any modality. */
export type LabelChoice = Pick<LabelOptions, 'task' | 'labels' | 'topLabels' | 'classNames'>;

/** A neighbourhood after the model has answered: the design, distances and scores. */
export interface AnsweredNeighbourhood {
  z: Design;
  rows: number;
  cols: number;
  /** z holds only 0 and 1. */
  binary: boolean;
  distances: Float64Array;
  /**
   * z's rows as bit sets (⌈cols/64⌉ u64 words a row, bit j set where z is 1), where a sampling kernel wrote
   * them beside a binary z: the design's moments are then summed from them (the same bits, faster).
   */
  rowBits?: BigUint64Array;
  /** rows × outputs model scores; row 0 is the instance. */
  scores: Float32Array;
  outputs: number;
}

/**
 * The common end of every explainer (LIME.md §1): kernel weights from distances, the design's moments
 * once, then one surrogate per label with its weights sorted by magnitude.
 * @param featureName readable name of interpretable feature j
 */
export function explainLabels(
  hood: AnsweredNeighbourhood,
  options: LabelOptions,
  featureName: (feature: number) => string,
): { explanations: LabelExplanation[]; neighbourhood: NeighbourhoodSummary } {
  const { z, rows, cols, scores, outputs } = hood;
  if (scores.length !== rows * outputs)
    throw new RangeError(`explainLabels: expected ${rows}×${outputs} scores, got ${scores.length}`);
  const weights = exponentialKernel(hood.distances, options.kernelWidth);
  const design = designMoments(z, rows, cols, weights, hood.binary, hood.rowBits);
  const prediction = scores.subarray(0, outputs);
  const regression = options.task === 'regression';
  const labels = regression ? [0] : chooseLabels(prediction, options.labels ?? null, options.topLabels ?? null);
  const y = new Float64Array(rows);
  const explanations = labels.map((label): LabelExplanation => {
    for (let i = 0; i < rows; i++) y[i] = scores[i * outputs + label];
    const s = fitSurrogate(
      {
        z,
        rows,
        cols,
        weights,
        design,
        featureSelection: options.featureSelection ?? 'auto',
        numFeatures: options.numFeatures,
      },
      y,
    );
    return {
      label: regression ? null : label,
      labelName: regression ? null : (options.classNames?.[label] ?? String(label)),
      intercept: s.fit.intercept,
      score: s.score,
      localPrediction: s.localPrediction,
      modelPrediction: prediction[label],
      weights: s.fit.columns
        .map((feature, p) => ({ feature, name: featureName(feature), weight: s.fit.coef[p] }))
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature - b.feature),
    };
  });
  return { explanations, neighbourhood: { samples: rows, effectiveSampleSize: effectiveSampleSize(weights) } };
}

/** (Σw)² / Σw²: how many equally weighted samples the kernel weights are worth. */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    squares += weights[i] * weights[i];
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}

/** The labels to explain: the given ones (checked), the top K, or the predicted class. */
export function chooseLabels(
  prediction: ArrayLike<number>,
  labels: number[] | null,
  topLabels: number | null,
): number[] {
  if (topLabels !== null) {
    return Array.from(prediction, (p, i) => ({ p, i }))
      .sort((a, b) => b.p - a.p || a.i - b.i)
      .slice(0, topLabels)
      .map((e) => e.i);
  }
  if (labels !== null) {
    for (const l of labels) {
      if (!Number.isInteger(l) || l < 0 || l >= prediction.length)
        throw new RangeError(`label ${l} is not a class of this model (0..${prediction.length - 1})`);
    }
    return labels;
  }
  let best = 0;
  for (let i = 1; i < prediction.length; i++) if (prediction[i] > prediction[best]) best = i;
  return [best];
}
