import type { ExplanationRun } from '../../domain/explanation';
import type { LabelOptions } from '../explainLabels';
import type { Clock, MaskPredictor } from '../predictor';
import { Rng } from '../random';
import { explainDrawn, maskDraw, type GuaranteeSettings } from '../sampleGuarantee';
import { sampleRemovals, type MaskWorkspace } from '../sampleMasks';
import { featureSpans, type TextDocument } from './textFeatures';
import { maskHeldOut } from '../heldOutFidelity';

/** Text explanation options; defaults are the reference's (LIME.md §3). */
export interface TextExplainOptions extends Omit<LabelOptions, 'numFeatures' | 'kernelWidth'> {
  /** Default 5000. */
  numSamples?: number;
  /** Default 10. */
  numFeatures?: number;
  /** Default 25 (distances are cosine × 100). */
  kernelWidth?: number | null;
  seed?: number;
  clock?: Clock;
  /** Buffers reused across runs (see MaskWorkspace). */
  workspace?: MaskWorkspace;
  /** Fresh samples to test the surrogate on. Default a tenth of numSamples, at least 100; 0: none. */
  heldOutSamples?: number;
  /** `--num-samples auto`: grow the neighbourhood until the chosen features are stable (numSamples is then unused). */
  guarantee?: GuaranteeSettings | null;
}

export const DEFAULT_TEXT_KERNEL_WIDTH = 25;

/** Explains one text: remove words, ask the model, weight by cosine distance, fit per label. */
export async function explainText(
  doc: TextDocument,
  predictor: MaskPredictor,
  options: TextExplainOptions,
): Promise<{ run: ExplanationRun; prediction: Float32Array }> {
  const d = doc.features.length;
  if (d === 0) throw new RangeError('explainText: the text has no words to explain');
  const clock = options.clock ?? Date.now;
  const start = clock();
  const seed = options.seed ?? 0;
  const rng = new Rng(seed);
  const settings = options.guarantee ?? null;
  let inferenceMs = 0;
  // Row 0 is the instance; further draws continue the stream (a guarantee grows the neighbourhood).
  const draw = maskDraw(
    (rows) => sampleRemovals(d, rows, rng, 100, settings ? undefined : options.workspace),
    predictor,
    clock,
    (ms) => (inferenceMs += ms),
  );
  const labelOptions = {
    ...options,
    numFeatures: options.numFeatures ?? 10,
    kernelWidth: options.kernelWidth ?? DEFAULT_TEXT_KERNEL_WIDTH,
  };
  const { hood, guarantee, explanations, neighbourhood } = await explainDrawn(
    draw,
    options.numSamples ?? 5000,
    settings,
    { ...labelOptions, clock, startedAt: start },
    (f) => doc.features[f].name,
  );
  const scores = hood.scores;
  for (const e of explanations) for (const w of e.weights) w.spans = featureSpans(doc, w.feature);
  const numSamples = hood.rows;
  const width = options.kernelWidth ?? DEFAULT_TEXT_KERNEL_WIDTH;
  const heldOutMs = await maskHeldOut(
    explanations,
    // The workspace's start is free again: the fitted neighbourhood is done with.
    (rows) => sampleRemovals(d, rows, new Rng(seed ^ 0x5bd1e995), 100, options.workspace),
    predictor,
    width,
    options.heldOutSamples ?? Math.max(100, Math.round(numSamples / 10)),
    clock,
  );
  return {
    run: {
      seed,
      explanations,
      timing: { totalMs: clock() - start, inferenceMs: inferenceMs + heldOutMs },
      neighbourhood,
      ...(guarantee ? { guarantee } : {}),
    },
    prediction: scores.slice(0, predictor.outputs),
  };
}
