import type { Discretizer, FeatureSelection } from './tabular';

/** LIME (default), KernelSHAP on the same machinery, or both: LIME's runs with KernelSHAP of the instance beside them and how far the two agree. */
export const EXPLAIN_METHODS = ['lime', 'kernel-shap', 'both'] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** How a text's interpretable features are formed (LIME.md §3): distinct words, each occurrence, or characters. */
export const TEXT_MODES = ['bow', 'positional', 'char'] as const;
export type TextMode = (typeof TEXT_MODES)[number];

/** How an image is cut into segments when no segmentation is given. */
export const SEGMENTATIONS = ['quickshift', 'slic'] as const;
export type Segmentation = (typeof SEGMENTATIONS)[number];

/**
 * `--num-samples auto` (a sample guarantee): the neighbourhood starts at numSamples and grows until the
 * features chosen are stable at `confidence`, or it reaches `maxSamples` or `timeBudgetMs`.
 */
export interface GuaranteeParams {
  /** 1 − α, e.g. 0.95. */
  confidence: number;
  maxSamples: number;
  /** null: no time budget. */
  timeBudgetMs: number | null;
}

/** The guarantee's defaults; the app gives it a 2 s budget, the command line none unless asked. */
export const DEFAULT_GUARANTEE_PARAMS: GuaranteeParams = { confidence: 0.95, maxSamples: 100_000, timeBudgetMs: null };

/** Where `--num-samples auto` starts. */
export const AUTO_INITIAL_SAMPLES = 1000;

/** The parameters every modality shares, resolved (what a stored run records). */
export interface BaseParams {
  numSamples: number;
  numFeatures: number;
  /** null: the modality's default (tabular 0.75 · √columns, text 25, image 0.25). */
  kernelWidth: number | null;
  featureSelection: FeatureSelection;
  /** Seed of the first run; run r uses seed + r. */
  seed: number;
  runs: number;
  /**
   * Each row its own seeds: row k's runs use seed + k·runs + r instead of seed + r. Comparison studies do,
   * so that rows are independent draws of LIME's sampling noise (a study's intervals over rows then see
   * it). Absent: false.
   */
  rowSeeds?: boolean;
  /** Classification: classes to explain; null: the predicted class. */
  labels: number[] | null;
  /** Classification: explain the K most probable classes instead. */
  topLabels: number | null;
  /** `--num-samples auto`: grow the neighbourhood until the selection is stable; absent or null: fixed size. */
  guarantee?: GuaranteeParams | null;
}

/** Every parameter of a tabular explanation. */
export interface TabularParams extends BaseParams {
  method: ExplainMethod;
  /** Choose the kernel width by a sweep (fidelity target, then stability) instead of kernelWidth. */
  autoKernelWidth: boolean;
  discretizer: Discretizer;
  sampleAroundInstance: boolean;
}

/** The reference's defaults (LIME.md §1–2). */
export const DEFAULT_TABULAR_PARAMS: TabularParams = {
  method: 'lime',
  autoKernelWidth: false,
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

/** Every parameter of a text explanation. */
export interface TextParams extends BaseParams {
  /** Over the words. */
  method: ExplainMethod;
  /** Choose the kernel width by a sweep. */
  autoKernelWidth: boolean;
  /** bow (default), positional or char. */
  mode: TextMode;
  /** Separator regular expression (default \W+). */
  split: string;
  /** Texts per model run. */
  batchSize: number;
}

export const DEFAULT_TEXT_PARAMS: TextParams = {
  method: 'lime',
  autoKernelWidth: false,
  numSamples: 5000,
  numFeatures: 10,
  kernelWidth: null,
  featureSelection: 'auto',
  seed: 0,
  runs: 1,
  labels: null,
  topLabels: null,
  mode: 'bow',
  split: '\\W+',
  batchSize: 500,
};

/** Every parameter of an image explanation. */
export interface ImageParams extends BaseParams {
  /** Over the segments. */
  method: ExplainMethod;
  /** Choose the kernel width by a sweep. */
  autoKernelWidth: boolean;
  /** How segments were made: computed (quickshift, slic) or given in a file. */
  segmentation: Segmentation | 'given';
  /** Hidden segments show their mean colour, or this colour (0–255 per channel). */
  hide: 'mean' | number[];
  /** Images per model run; null: as many as fit in 16 M values. */
  batchSize: number | null;
}

export const DEFAULT_IMAGE_PARAMS: ImageParams = {
  method: 'lime',
  autoKernelWidth: false,
  numSamples: 1000,
  numFeatures: 100_000,
  kernelWidth: null,
  featureSelection: 'auto',
  seed: 0,
  runs: 1,
  labels: null,
  topLabels: 5,
  segmentation: 'quickshift',
  hide: 'mean',
  batchSize: null,
};

/** The first seed of a row's runs: `seed`, or with rowSeeds `seed + row · runs`. */
export function instanceSeed(params: Pick<BaseParams, 'seed' | 'runs' | 'rowSeeds'>, row: number): number {
  return params.rowSeeds ? params.seed + row * params.runs : params.seed;
}
