import type { ExplanationRun } from '../../domain/explanation';
import { explainLabels, type LabelOptions } from '../explainLabels';
import type { Clock, MaskPredictor } from '../predictor';
import { Rng } from '../random';
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
  const hood = sampleRemovals(d, options.numSamples ?? 5000, new Rng(seed), 100, options.workspace);
  const inferenceStart = clock();
  const scores = await predictor.predictMasks(hood.masks, hood.rows);
  const inferenceMs = predictor.lastRunMs ?? clock() - inferenceStart;
  const { explanations, neighbourhood } = explainLabels(
    { ...hood, binary: true, scores, outputs: predictor.outputs },
    {
      ...options,
      numFeatures: options.numFeatures ?? 10,
      kernelWidth: options.kernelWidth ?? DEFAULT_TEXT_KERNEL_WIDTH,
    },
    (f) => doc.features[f].name,
  );
  for (const e of explanations) for (const w of e.weights) w.spans = featureSpans(doc, w.feature);
  const numSamples = options.numSamples ?? 5000;
  const width = options.kernelWidth ?? DEFAULT_TEXT_KERNEL_WIDTH;
  const heldOutMs = await maskHeldOut(
    explanations,
    (rows) => sampleRemovals(d, rows, new Rng(seed ^ 0x5bd1e995), 100),
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
    },
    prediction: scores.slice(0, predictor.outputs),
  };
}
