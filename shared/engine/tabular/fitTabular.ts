import type { Discretizer, TabularTable } from '../../domain/tabular';
import { TruncatedNormal } from '../normal';
import { percentilesOfSorted } from '../percentile';
import { entropyCuts } from './entropyCuts';

/** What the explainer knows of one column from the training data. */
export interface ColumnModel {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Training mean and population standard deviation (1 where the column is constant, as scikit-learn's scaler). */
  mean: number;
  scale: number;
  /**
   * Probability of each interpretable value in training: each bin (discretized numeric column) or each
   * category. Empty for a numeric column in continuous mode.
   */
  freq: Float64Array;
  /** Cumulative `freq`, for drawing. */
  cumFreq: Float64Array;
  /** Numeric, discretized: sorted distinct cut points; value's bin = number of cuts strictly below it. */
  cuts: number[] | null;
  /** Readable name of each bin or category value. */
  valueLabels: string[];
  /** Numeric, discretized: the truncated normal that undiscretizes each bin. */
  binSamplers: TruncatedNormal[] | null;
  /**
   * Numeric, discretized: each bin's quantile function tabulated at QUANTILE_STEPS + 1 points, bin after
   * bin. Sampling interpolates it: every 1/QUANTILE_STEPS of a bin's probability mass lands exactly where
   * the truncated normal puts it, uniform within. One uniform and one interpolation per draw, instead of
   * an inverse-normal evaluation.
   */
  binQuantiles: Float32Array | null;
}

/** Segments of each bin's tabulated quantile function. */
export const QUANTILE_STEPS = 1024;

export interface TabularExplainerState {
  discretizer: Discretizer;
  columns: ColumnModel[];
}

export interface FitTabularOptions {
  /** Default 'quartile'. */
  discretizer?: Discretizer;
  /** Class index of each training row; required by the entropy discretizer. */
  trainingLabels?: ArrayLike<number> | null;
}

/** Learns per-column statistics, cut points and frequencies from training data (LIME.md §2). */
export function fitTabular(train: TabularTable, options: FitTabularOptions = {}): TabularExplainerState {
  const discretizer = options.discretizer ?? 'quartile';
  if (train.rows === 0) throw new RangeError('fitTabular: the training data has no rows');
  if (discretizer === 'entropy' && !options.trainingLabels) {
    throw new RangeError('fitTabular: the entropy discretizer needs class labels for the training rows');
  }
  const cols = train.columns.length;
  const columns = train.columns.map((spec, j): ColumnModel => {
    const column = new Float64Array(train.rows);
    for (let i = 0; i < train.rows; i++) column[i] = train.values[i * cols + j];
    const { mean, sd } = meanAndSd(column);
    const scale = sd > 0 ? sd : 1;
    if (spec.kind === 'categorical') {
      const counts = new Float64Array(spec.categories.length);
      for (const code of column) counts[code]++;
      return {
        name: spec.name,
        kind: 'categorical',
        mean,
        scale,
        cuts: null,
        binSamplers: null,
        binQuantiles: null,
        valueLabels: spec.categories.map((c) => `${spec.name}=${c}`),
        ...frequencies(counts),
      };
    }
    if (discretizer === 'none') {
      return {
        name: spec.name,
        kind: 'numeric',
        mean,
        scale,
        cuts: null,
        binSamplers: null,
        binQuantiles: null,
        valueLabels: [],
        freq: new Float64Array(0),
        cumFreq: new Float64Array(0),
      };
    }
    const sorted = column.slice().sort();
    const cuts = cutPoints(sorted, column, discretizer, options.trainingLabels ?? null);
    return { name: spec.name, kind: 'numeric', mean, scale, ...describeBins(spec.name, column, sorted, cuts) };
  });
  return { discretizer, columns };
}

function cutPoints(
  sorted: Float64Array,
  column: Float64Array,
  discretizer: Discretizer,
  labels: ArrayLike<number> | null,
): number[] {
  let cuts: number[];
  if (discretizer === 'quartile') cuts = percentilesOfSorted(sorted, [25, 50, 75]);
  else if (discretizer === 'decile') cuts = percentilesOfSorted(sorted, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  else {
    cuts = entropyCuts(column, labels!);
    if (cuts.length === 0) cuts = percentilesOfSorted(sorted, [50]);
  }
  return [...new Set(cuts)].sort((a, b) => a - b);
}

/** Bin index of a value: the number of cut points strictly below it. */
export function binOf(value: number, cuts: readonly number[]): number {
  let b = 0;
  while (b < cuts.length && cuts[b] < value) b++;
  return b;
}

function describeBins(name: string, column: Float64Array, sorted: Float64Array, cuts: number[]) {
  const bins = cuts.length + 1;
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const squares = new Float64Array(bins);
  for (const v of column) {
    const b = binOf(v, cuts);
    counts[b]++;
    sums[b] += v;
  }
  for (const v of column) {
    const b = binOf(v, cuts);
    const d = v - sums[b] / counts[b];
    squares[b] += d * d;
  }
  const f = (c: number) => c.toFixed(2);
  const valueLabels = [`${name} <= ${f(cuts[0])}`];
  for (let b = 1; b < cuts.length; b++) valueLabels.push(`${f(cuts[b - 1])} < ${name} <= ${f(cuts[b])}`);
  valueLabels.push(`${name} > ${f(cuts[cuts.length - 1])}`);
  const binSamplers = Array.from({ length: bins }, (_, b) => {
    const lo = b === 0 ? sorted[0] : cuts[b - 1];
    const hi = b === bins - 1 ? sorted[sorted.length - 1] : cuts[b];
    const mean = counts[b] > 0 ? sums[b] / counts[b] : (lo + hi) / 2;
    const sd = counts[b] > 0 ? Math.sqrt(squares[b] / counts[b]) : 0;
    return new TruncatedNormal(mean, sd, lo, hi);
  });
  const binQuantiles = new Float32Array(bins * (QUANTILE_STEPS + 1));
  binSamplers.forEach((sampler, b) => {
    const base = b * (QUANTILE_STEPS + 1);
    binQuantiles[base] = sampler.sample(Number.MIN_VALUE);
    for (let k = 1; k < QUANTILE_STEPS; k++) binQuantiles[base + k] = sampler.sample(k / QUANTILE_STEPS);
    binQuantiles[base + QUANTILE_STEPS] = sampler.sample(1 - Number.EPSILON / 2);
  });
  return { cuts, valueLabels, binSamplers, binQuantiles, ...frequencies(counts) };
}

function frequencies(counts: Float64Array): { freq: Float64Array; cumFreq: Float64Array } {
  let total = 0;
  for (const c of counts) total += c;
  const freq = counts.map((c) => c / total);
  const cumFreq = new Float64Array(freq.length);
  let acc = 0;
  for (let k = 0; k < freq.length; k++) cumFreq[k] = acc += freq[k];
  cumFreq[freq.length - 1] = 1;
  return { freq, cumFreq };
}

function meanAndSd(column: Float64Array): { mean: number; sd: number } {
  let sum = 0;
  for (const v of column) sum += v;
  const mean = sum / column.length;
  let sq = 0;
  for (const v of column) sq += (v - mean) * (v - mean);
  return { mean, sd: Math.sqrt(sq / column.length) };
}
