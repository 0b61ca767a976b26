import type { FeatureSelection } from '../../domain/tabular';
import type { Design } from './design';
import { selectFeatures } from './featureSelection';
import { type DesignMoments, targetMoments } from './moments';
import { predictRow, ridgeFromMoments, weightedR2, type LinearFit } from './ridge';

/** Inputs of one surrogate fit. z row 0 is the instance. */
export interface SurrogateInput {
  z: Design;
  rows: number;
  cols: number;
  weights: Float64Array;
  design: DesignMoments;
  featureSelection: FeatureSelection;
  numFeatures: number;
}

export interface SurrogateResult {
  fit: LinearFit;
  score: number;
  localPrediction: number;
}

/**
 * Fits LIME's surrogate for one target (LIME.md §1): select features, then weighted ridge (alpha 1) with
 * intercept; score is the weighted R² on the same samples, local prediction the fit's value at row 0.
 * @param y the model's score for one label, length rows
 */
export function fitSurrogate(input: SurrogateInput, y: Float64Array): SurrogateResult {
  const { z, rows, cols, weights, design } = input;
  const target = targetMoments(z, rows, cols, weights, y, design);
  const used = selectFeatures(input.featureSelection, design, target, z.subarray(0, cols), input.numFeatures);
  const fit = ridgeFromMoments(design, target, used, 1);
  return { fit, score: weightedR2(z, rows, cols, y, weights, fit), localPrediction: predictRow(z, 0, fit) };
}
