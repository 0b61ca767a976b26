import type { Discretizer, FeatureSelection } from './tabular';

/** Every parameter of a tabular explanation, resolved (what a stored run records). */
export interface TabularParams {
  numSamples: number;
  numFeatures: number;
  /** null: the default 0.75 · √columns. */
  kernelWidth: number | null;
  discretizer: Discretizer;
  featureSelection: FeatureSelection;
  sampleAroundInstance: boolean;
  /** Seed of the first run; run r uses seed + r. */
  seed: number;
  runs: number;
  /** Classification: classes to explain; null: the predicted class. */
  labels: number[] | null;
  /** Classification: explain the K most probable classes instead. */
  topLabels: number | null;
}

/** The reference's defaults (LIME.md §1–2). */
export const DEFAULT_TABULAR_PARAMS: TabularParams = {
  numSamples: 5000,
  numFeatures: 10,
  kernelWidth: null,
  discretizer: 'quartile',
  featureSelection: 'auto',
  sampleAroundInstance: false,
  seed: 0,
  runs: 1,
  labels: null,
  topLabels: null,
};
