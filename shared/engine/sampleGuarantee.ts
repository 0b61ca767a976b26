import type { ExplanationRun, LabelGuarantee, SampleGuarantee } from '../domain/explanation';
import { AUTO_INITIAL_SAMPLES, DEFAULT_GUARANTEE_PARAMS, type GuaranteeParams } from '../domain/params';
import { chooseLabels, explainLabels, type AnsweredNeighbourhood, type LabelOptions } from './explainLabels';
import { exponentialKernel } from './kernel';
import { designMoments } from './linear/moments';
import { testedForwardSelection } from './linear/selectionTest';
import { normalQuantile } from './normal';
import type { Clock, MaskPredictor } from './predictor';
import type { MaskNeighbourhood } from './sampleMasks';
import { rowWords } from './wasm/regions';

/** `--num-samples auto`: how sure, how far the neighbourhood may grow, and where it starts. */
export interface GuaranteeSettings extends GuaranteeParams {
  /** The neighbourhood it starts from (the instance included). Default 1000. */
  initialSamples: number;
}

export const DEFAULT_GUARANTEE: GuaranteeSettings = {
  ...DEFAULT_GUARANTEE_PARAMS,
  initialSamples: AUTO_INITIAL_SAMPLES,
};

/**
 * Grows a neighbourhood until forward selection is stable at the confidence asked (S-LIME): every step of
 * every label explained passes the test of testedForwardSelection, or the sample cap or the time budget
 * is reached. `more(m)` draws m further samples continuing the same random stream (the samples already
 * drawn are kept), answered by the model. Check t holds each of the k steps of the L labels to level
 * α / (t(t+1)·k·L), so over all checks, steps and labels the chance of calling an unstable selection stable
 * is at most α (a union bound: Σ 1/(t(t+1)) = 1). After a failed check the neighbourhood grows by the factor
 * the weakest step needs, (z needed / z seen)², between 1.5 and 4: a real lead's z grows as √n.
 */
export async function growUntilStable(
  first: AnsweredNeighbourhood,
  more: (rows: number) => Promise<AnsweredNeighbourhood>,
  options: LabelOptions & { guarantee: GuaranteeSettings; clock: Clock; startedAt: number },
  featureName: (feature: number) => string,
): Promise<{ hood: AnsweredNeighbourhood; guarantee: SampleGuarantee }> {
  const { guarantee: settings, clock } = options;
  const alpha = 1 - settings.confidence;
  let hood = first;
  for (let check = 1; ; check++) {
    const labels = testSelection(hood, options, check, alpha, featureName);
    const stable = labels.every((l) => l.stable);
    const outOfTime = settings.timeBudgetMs !== null && clock() - options.startedAt >= settings.timeBudgetMs;
    const stoppedBy = stable
      ? 'stable'
      : hood.rows >= settings.maxSamples
        ? 'max-samples'
        : outOfTime
          ? 'time-budget'
          : null;
    if (stoppedBy !== null) {
      return {
        hood,
        guarantee: {
          confidence: settings.confidence,
          samples: hood.rows,
          maxSamples: settings.maxSamples,
          timeBudgetMs: settings.timeBudgetMs,
          checks: check,
          stable,
          stoppedBy,
          verdict: verdictOf(labels, settings, stoppedBy),
          labels,
        },
      };
    }
    const failing = labels.flatMap((l) => l.steps).filter((s) => !s.passed);
    const weakest = Math.min(...failing.map((s) => s.statistic));
    const needed = normalQuantile(1 - failing[0].level * (check / (check + 2)));
    const factor = Math.min(4, Math.max(1.5, (needed / Math.max(weakest, 0.25)) ** 2));
    const target = Math.min(settings.maxSamples, Math.ceil(hood.rows * factor));
    hood = appendNeighbourhood(hood, await more(target - hood.rows));
  }
}

/**
 * The explanation of a neighbourhood drawn as answeredNeighbourhood draws it (`settings`: grown until stable),
 * one surrogate per label: by forward selection when a guarantee is asked, since that is what it tested.
 */
export async function explainDrawn(
  draw: (rows: number, withInstance: boolean) => Promise<AnsweredNeighbourhood>,
  numSamples: number,
  settings: GuaranteeSettings | null | undefined,
  options: LabelOptions & { clock: Clock; startedAt: number },
  featureName: (feature: number) => string,
) {
  const { hood, guarantee } = await answeredNeighbourhood(draw, numSamples, settings, options, featureName);
  const selection = settings ? 'forward-selection' : options.featureSelection;
  const { explanations, neighbourhood } = explainLabels(hood, { ...options, featureSelection: selection }, featureName);
  return { hood, guarantee, explanations, neighbourhood };
}

/**
 * A draw for explainDrawn over a mask sampler: `sample(n, rng)` gives n rows whose row 0 keeps everything;
 * a draw without the instance drops that row, so further draws continue the same stream.
 */
export function maskDraw(
  sample: (rows: number) => MaskNeighbourhood,
  predictor: MaskPredictor,
  clock: Clock,
  onInference: (ms: number) => void,
): (rows: number, withInstance: boolean) => Promise<AnsweredNeighbourhood> {
  return async (rows, withInstance) => {
    const skip = withInstance ? 0 : 1;
    const h = sample(rows + skip);
    const t0 = clock();
    const scores = await predictor.predictMasks(h.masks.subarray(skip * h.cols), rows);
    onInference(predictor.lastRunMs ?? clock() - t0);
    return {
      z: h.z.subarray(skip * h.cols),
      rows,
      cols: h.cols,
      binary: true,
      distances: h.distances.subarray(skip),
      ...(h.rowBits ? { rowBits: h.rowBits.subarray(skip * rowWords(h.cols)) } : {}),
      scores,
      outputs: predictor.outputs,
    };
  };
}

/** Each label's steps tested at check `check`. */
function testSelection(
  hood: AnsweredNeighbourhood,
  options: LabelOptions,
  check: number,
  alpha: number,
  featureName: (feature: number) => string,
): LabelGuarantee[] {
  const { z, rows, cols, scores, outputs } = hood;
  const weights = exponentialKernel(hood.distances, options.kernelWidth);
  const design = designMoments(z, rows, cols, weights, hood.binary, hood.rowBits);
  const regression = options.task === 'regression';
  const labels = regression
    ? [0]
    : chooseLabels(scores.subarray(0, outputs), options.labels ?? null, options.topLabels ?? null);
  const k = Math.min(options.numFeatures, cols);
  const level = alpha / (check * (check + 1) * Math.max(1, k) * labels.length);
  const y = new Float64Array(rows);
  return labels.map((label) => {
    for (let i = 0; i < rows; i++) y[i] = scores[i * outputs + label];
    const { steps } = testedForwardSelection(z, rows, cols, weights, design, y, k, level);
    return {
      label: regression ? null : label,
      labelName: regression ? null : (options.classNames?.[label] ?? String(label)),
      stable: steps.every((s) => s.passed),
      steps: steps.map((s) => ({
        ...s,
        name: featureName(s.feature),
        runnerUpName: s.runnerUp === null ? null : featureName(s.runnerUp),
      })),
    };
  });
}

/** "stable at 95 %", or which features could swap and what stopped the growth. */
function verdictOf(
  labels: LabelGuarantee[],
  settings: GuaranteeSettings,
  stoppedBy: SampleGuarantee['stoppedBy'],
): string {
  const percent = `${+(settings.confidence * 100).toFixed(2)} %`;
  if (stoppedBy === 'stable') return `stable at ${percent}`;
  const label = labels.find((l) => !l.stable)!;
  const step = label.steps.find((s) => !s.passed)!;
  const limit =
    stoppedBy === 'max-samples'
      ? `${settings.maxSamples} samples`
      : `the time budget (${((settings.timeBudgetMs ?? 0) / 1000).toFixed(1)} s)`;
  const which = labels.length > 1 ? ` for ${label.labelName ?? 'the value'}` : '';
  return (
    `not stable at ${percent} within ${limit}${which} ` +
    `(feature ${step.step}, ${step.name}, could give way to ${step.runnerUpName ?? '—'})`
  );
}

/** The neighbourhood with `extra`'s rows (none of them the instance) appended. */
export function appendNeighbourhood(hood: AnsweredNeighbourhood, extra: AnsweredNeighbourhood): AnsweredNeighbourhood {
  const rows = hood.rows + extra.rows;
  const z = hood.z instanceof Uint8Array ? new Uint8Array(rows * hood.cols) : new Float64Array(rows * hood.cols);
  z.set(hood.z.subarray(0, hood.rows * hood.cols));
  z.set(extra.z.subarray(0, extra.rows * hood.cols), hood.rows * hood.cols);
  const distances = new Float64Array(rows);
  distances.set(hood.distances.subarray(0, hood.rows));
  distances.set(extra.distances.subarray(0, extra.rows), hood.rows);
  const scores = new Float32Array(rows * hood.outputs);
  scores.set(hood.scores.subarray(0, hood.rows * hood.outputs));
  scores.set(extra.scores.subarray(0, extra.rows * hood.outputs), hood.rows * hood.outputs);
  return { z, rows, cols: hood.cols, binary: hood.binary && extra.binary, distances, scores, outputs: hood.outputs };
}

/**
 * A neighbourhood answered by the model: `numSamples` rows, or, with `settings`, grown from their initial
 * size until the selection is stable (growUntilStable). `draw(rows, true)` is a neighbourhood whose row 0
 * is the instance; `draw(rows, false)` further rows continuing the same random stream.
 */
export async function answeredNeighbourhood(
  draw: (rows: number, withInstance: boolean) => Promise<AnsweredNeighbourhood>,
  numSamples: number,
  settings: GuaranteeSettings | null | undefined,
  options: LabelOptions & { clock: Clock; startedAt: number },
  featureName: (feature: number) => string,
): Promise<{ hood: AnsweredNeighbourhood; guarantee?: SampleGuarantee }> {
  if (!settings) return { hood: await draw(numSamples, true) };
  const selection = options.featureSelection ?? 'auto';
  if (selection !== 'auto' && selection !== 'forward-selection')
    throw new RangeError(
      `a sample guarantee tests forward selection's steps: expected feature selection auto or forward-selection, found ${selection}`,
    );
  const first = await draw(settings.initialSamples, true);
  return growUntilStable(first, (rows) => draw(rows, false), { ...options, guarantee: settings }, featureName);
}

/** The runs' guarantee in one phrase: stable at the confidence asked (and how many samples that took), or not. */
export function guaranteeSummary(runs: ExplanationRun[]): { stable: boolean; text: string } | null {
  const guarantees = runs.map((r) => r.guarantee).filter((g): g is SampleGuarantee => g !== undefined);
  if (guarantees.length === 0) return null;
  const samples = guarantees.map((g) => g.samples);
  const range =
    Math.min(...samples) === Math.max(...samples)
      ? `${samples[0]} samples`
      : `${Math.min(...samples)}–${Math.max(...samples)} samples`;
  const unstable = guarantees.filter((g) => !g.stable);
  if (unstable.length === 0) return { stable: true, text: `${capital(guarantees[0].verdict)} (${range})` };
  const which = guarantees.length > 1 ? `${unstable.length} of ${guarantees.length} seeds: ` : '';
  return { stable: false, text: `${which}${capital(unstable[0].verdict)}` };
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
