/** One coefficient of the surrogate: an interpretable feature and its weight. */
export interface FeatureWeight {
  /** Index of the interpretable feature (tabular: column index without the label column). */
  feature: number;
  /** Readable name, e.g. `worst radius > 18.79` or `colour=red`. */
  name: string;
  weight: number;
  /** Text: character ranges [start, end) of the word's occurrences in the instance. */
  spans?: [number, number][];
}

/** The surrogate fitted for one label. */
export interface LabelExplanation {
  /** Class index explained; null for regression. */
  label: number | null;
  labelName: string | null;
  intercept: number;
  /** Weighted R² of the surrogate on the samples it was fitted on. */
  score: number;
  /** The surrogate's value at the instance. */
  localPrediction: number;
  /** The model's own value at the instance (probability of the label, or the regression value). */
  modelPrediction: number;
  /** Sorted by |weight|, largest first. */
  weights: FeatureWeight[];
  /** The surrogate on a fresh neighbourhood not used to fit it: weighted R² and weighted RMSE. */
  heldOut?: { samples: number; score: number; rmse: number };
}

export interface RunTiming {
  /** Whole explanation: sampling, inference and fitting (model loading excluded). */
  totalMs: number;
  /** Time inside the model's run calls. */
  inferenceMs: number;
  /**
   * onnxruntime's intra-op threads for this run. Recorded because it is part of what reproduces a run: a
   * tree ensemble sums its trees in another order with another thread count, so the last bits of the scores,
   * and of the weights, follow it.
   */
  threads?: number;
  /**
   * Whether onnxruntime's idle threads spun (off where two workers share a batch). Changes only the time a
   * run takes, never what it computes.
   */
  spinning?: boolean;
}

/** How local the neighbourhood really is. */
export interface NeighbourhoodSummary {
  samples: number;
  /**
   * Effective sample size of the kernel weights, (Σw)² / Σw²: the number of equally weighted samples they
   * are worth. Close to `samples` means the kernel barely localises (LIME's default discretized kernel
   * keeps every weight between 0.41 and 1).
   */
  effectiveSampleSize: number;
}

/**
 * One step of forward selection, tested (`--num-samples auto`): did the feature chosen beat the runner-up
 * by more than sampling noise? See shared/engine/linear/selectionTest.ts for the statistic.
 */
export interface GuaranteeStep {
  /** 1-based. */
  step: number;
  /** The feature chosen at this step, and the best one the selection leaves out; null when none is left out. */
  feature: number;
  name: string;
  runnerUp: number | null;
  runnerUpName: string | null;
  /** z = (|a₁| − |a₂|) / SE: the lead in standard errors. */
  statistic: number;
  /** One-sided P(a lead this large | the two are tied). */
  pValue: number;
  /** The level the step was held to (α split over the steps, labels and checks; see the note). */
  level: number;
  passed: boolean;
}

/** The steps of one label's selection at the last check. */
export interface LabelGuarantee {
  label: number | null;
  labelName: string | null;
  stable: boolean;
  steps: GuaranteeStep[];
}

/**
 * `--num-samples auto`: the neighbourhood grown until every selection step of every label explained
 * passes its test, or the sample cap or the time budget was reached.
 */
export interface SampleGuarantee {
  /** 1 − α, e.g. 0.95. */
  confidence: number;
  /** Samples used in the end (the instance included). */
  samples: number;
  maxSamples: number;
  /** null: no time budget. */
  timeBudgetMs: number | null;
  /** How many times the selection was tested as the neighbourhood grew. */
  checks: number;
  stable: boolean;
  stoppedBy: 'stable' | 'max-samples' | 'time-budget';
  /** In words: "stable at 95 %" or "not stable at 95 % within 100000 samples (feature 4, X, could give way to Y)". */
  verdict: string;
  labels: LabelGuarantee[];
}

/** One explanation with one seed. */
export interface ExplanationRun {
  seed: number;
  explanations: LabelExplanation[];
  timing: RunTiming;
  neighbourhood?: NeighbourhoodSummary;
  /** With `--num-samples auto`: how many samples were used, and whether the chosen features are stable. */
  guarantee?: SampleGuarantee;
}

/** Agreement of one feature's weight across runs. */
export interface FeatureStability {
  feature: number;
  name: string;
  /** Mean weight over runs; a run that did not select the feature counts as 0. */
  mean: number;
  sd: number;
  /** 95 % confidence interval of the mean weight: mean ± t(0.975, R−1)·sd/√R. */
  low: number;
  high: number;
  /** Share of runs whose weight has the sign of the mean (0 counts as disagreeing). */
  signAgreement: number;
  /** Share of runs that selected the feature. */
  selectedShare: number;
}

export interface LabelStability {
  label: number | null;
  labelName: string | null;
  /** k used for top-k agreement: the explanation's number of features. */
  topK: number;
  /** Features in the top k of every run, over k. */
  topKCommonShare: number;
  /**
   * One number from 0 to 1: the mean of topKCommonShare and, over every feature in any run's top k, its
   * sign agreement times the share of runs selecting it. 1 when every run gives the same top features with
   * the same signs.
   */
  index: number;
  /** Sorted by |mean|, largest first. */
  features: FeatureStability[];
}

export interface StabilitySummary {
  runs: number;
  seeds: number[];
  labels: LabelStability[];
}
