import type { ExplanationRun, LabelExplanation } from '../../domain/explanation';
import type { FeatureSelection } from '../../domain/tabular';
import { exponentialKernel } from '../kernel';
import { designMoments } from '../linear/moments';
import { fitSurrogate } from '../linear/surrogate';
import type { Clock, Predictor } from '../predictor';
import { Rng } from '../random';
import type { TabularExplainerState } from './fitTabular';
import { sampleTabular, type TabularWorkspace } from './sampleTabular';

export type Task = 'classification' | 'regression';

/** Options of one tabular explanation; defaults are the reference's (LIME.md §1–2). */
export interface TabularExplainOptions {
  task: Task;
  /** Neighbourhood size including the instance. Default 5000. */
  numSamples?: number;
  /** Features in the explanation. Default 10. */
  numFeatures?: number;
  /** Default 0.75 · √columns. */
  kernelWidth?: number | null;
  /** Default 'auto'. */
  featureSelection?: FeatureSelection;
  /** Continuous mode: sample around the instance instead of the training mean. Default false. */
  sampleAroundInstance?: boolean;
  /** Default 0. */
  seed?: number;
  /** Classification: class indices to explain. Default: the predicted class. */
  labels?: number[] | null;
  /** Classification: explain the K most probable classes instead of `labels`. */
  topLabels?: number | null;
  classNames?: string[] | null;
  clock?: Clock;
  /** Buffers to reuse across runs (see TabularWorkspace); allocated when absent or of another size. */
  workspace?: TabularWorkspace;
}

/** Defaults resolved against the data: what a stored run records. */
export function defaultKernelWidth(columns: number): number {
  return 0.75 * Math.sqrt(columns);
}

/** The model's scores at the instance (row 0 of the neighbourhood), length outputs. */
export interface TabularExplanationResult {
  run: ExplanationRun;
  prediction: Float32Array;
}

/**
 * Explains one instance: sample the neighbourhood, query the model once for all rows, weight by the
 * kernel, fit one surrogate per label.
 * @param instance raw values of the instance (categorical: codes), length columns
 */
export async function explainTabular(
  state: TabularExplainerState,
  instance: Float64Array,
  predictor: Predictor,
  options: TabularExplainOptions,
): Promise<TabularExplanationResult> {
  const clock = options.clock ?? Date.now;
  const start = clock();
  const seed = options.seed ?? 0;
  const cols = state.columns.length;
  const numFeatures = options.numFeatures ?? 10;
  const hood = sampleTabular(state, instance, options.numSamples ?? 5000, new Rng(seed), options.sampleAroundInstance ?? false, options.workspace);
  const inferenceStart = clock();
  const scores = await predictor.predict(hood.x, hood.rows);
  const inferenceMs = clock() - inferenceStart;
  const outputs = predictor.outputs;
  if (scores.length !== hood.rows * outputs) {
    throw new RangeError(`explainTabular: the model returned ${scores.length} scores for ${hood.rows} rows, expected ${outputs} per row`);
  }
  const weights = exponentialKernel(hood.distances, options.kernelWidth ?? defaultKernelWidth(cols));
  const design = designMoments(hood.z, hood.rows, cols, weights, hood.binary);
  const prediction = scores.slice(0, outputs);
  const labels = options.task === 'regression' ? [0] : chooseLabels(prediction, options.labels ?? null, options.topLabels ?? null);
  const y = new Float64Array(hood.rows);
  const explanations = labels.map((label): LabelExplanation => {
    for (let i = 0; i < hood.rows; i++) y[i] = scores[i * outputs + label];
    const s = fitSurrogate({ z: hood.z, rows: hood.rows, cols, weights, design, featureSelection: options.featureSelection ?? 'auto', numFeatures }, y);
    const weightsOut = s.fit.columns
      .map((feature, p) => ({ feature, name: featureName(state, hood.instanceValues, feature), weight: s.fit.coef[p] }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature - b.feature);
    const isRegression = options.task === 'regression';
    return {
      label: isRegression ? null : label,
      labelName: isRegression ? null : (options.classNames?.[label] ?? String(label)),
      intercept: s.fit.intercept,
      score: s.score,
      localPrediction: s.localPrediction,
      modelPrediction: prediction[label],
      weights: weightsOut,
    };
  });
  return { run: { seed, explanations, timing: { totalMs: clock() - start, inferenceMs } }, prediction };
}

function chooseLabels(prediction: Float32Array, labels: number[] | null, topLabels: number | null): number[] {
  if (topLabels !== null) {
    return Array.from(prediction, (p, i) => ({ p, i }))
      .sort((a, b) => b.p - a.p || a.i - b.i)
      .slice(0, topLabels)
      .map((e) => e.i);
  }
  if (labels !== null) {
    for (const l of labels) {
      if (!Number.isInteger(l) || l < 0 || l >= prediction.length) throw new RangeError(`explainTabular: label ${l} is not a class of this model (0..${prediction.length - 1})`);
    }
    return labels;
  }
  let best = 0;
  for (let i = 1; i < prediction.length; i++) if (prediction[i] > prediction[best]) best = i;
  return [best];
}

/** Readable name of an interpretable feature: the instance's bin or `name=value`, or the column name. */
export function featureName(state: TabularExplainerState, instanceValues: Int32Array, feature: number): string {
  const col = state.columns[feature];
  const v = instanceValues[feature];
  return v >= 0 ? col.valueLabels[v] : col.name;
}
