import type { TabularTable } from '../../../shared/domain/tabular';
import type { Predictor } from '../../../shared/engine/predictor';
import { Rng } from '../../../shared/engine/random';
import { explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { tabularWorkspace } from '../../../shared/engine/tabular/sampleTabular';
import type { MaskPredictor } from '../../../shared/engine/predictor';
import { explainText } from '../../../shared/engine/text/explainText';
import { textFeatures } from '../../../shared/engine/text/textFeatures';
import { maskWorkspace } from '../../../shared/engine/sampleMasks';
import { DEFAULT_IMAGE_BATCH, explainImage, imageWorkspace } from '../../../shared/engine/image/explainImage';
import type { ImageInstance } from '../../../shared/engine/image/imageInstance';

/** As many samples as a default explanation: fewer left the first real one 2.5× slower. */
const WARM_SAMPLES = 5000;
/**
 * Tabular explanations in the warm-up (about 3 ms each): with three, a pool's second to eleventh real ones
 * still ran 10.6–12.6 ms (V8 was still compiling the fit's code), with twelve 9.8–10.1 ms, as later ones do.
 */
const TABULAR_WARM_RUNS = 12;

/**
 * Runs the engine's tabular, text and image paths on synthetic data with models written in JavaScript, so
 * that V8 has compiled them before the first real explanation: measured, a worker's first tabular explanation
 * took three times as long as the next ones, the difference being the compilation of sampling, moments and
 * fitting. A worker does this when asked (WorkerPool.warm): the app asks as it starts, long before anyone
 * waits; a one-off command does not, since it would only wait for it.
 */
export async function warmUp(): Promise<void> {
  const rng = new Rng(7);
  const cols = 30;
  const rows = 200;
  const train: TabularTable = {
    columns: Array.from({ length: cols }, (_, j) => ({ name: `c${j}`, kind: 'numeric' as const })),
    rows,
    values: Float64Array.from({ length: rows * cols }, () => rng.uniform() * 10),
  };
  const state = fitTabular(train);
  const linear: Predictor = {
    outputs: 2,
    async predict(x, n) {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += x[i * cols + j] * ((j % 3) - 1) * 0.05;
        const p = 1 / (1 + Math.exp(-s));
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    },
  };
  const workspace = tabularWorkspace(WARM_SAMPLES, cols, { state });
  for (let k = 0; k < TABULAR_WARM_RUNS; k++)
    await explainTabular(state, train.values.subarray(k * cols, (k + 1) * cols), linear, {
      task: 'classification',
      numSamples: WARM_SAMPLES,
      seed: k,
      workspace,
    });
  const doc = textFeatures(
    'a short text of words that some model might read and weigh, word by word, as a text classifier does',
  );
  const words: MaskPredictor = {
    outputs: 2,
    async predictMasks(masks, n) {
      const out = new Float32Array(n * 2);
      const d = doc.features.length;
      for (let i = 0; i < n; i++) {
        let kept = 0;
        for (let j = 0; j < d; j += 2) kept += masks[i * d + j];
        out[2 * i + 1] = kept / d;
        out[2 * i] = 1 - kept / d;
      }
      return out;
    },
  };
  const masks = maskWorkspace(WARM_SAMPLES, doc.features.length);
  for (let k = 0; k < 2; k++)
    await explainText(doc, words, { task: 'classification', numSamples: WARM_SAMPLES, seed: k, workspace: masks });
  await warmImages(rng);
}

/**
 * The image path the same way: a small grayscale picture cut into squares, seen by a model that weighs each
 * pixel, explained for its top labels at the default 1000 samples. Without it an app's first image
 * explanations ran 1.3–1.8 × its inference instead of 1.2 ×, until V8 had compiled them.
 */
async function warmImages(rng: Rng): Promise<void> {
  const [side, labels] = [28, 10];
  const hw = side * side;
  const image: ImageInstance = {
    width: side,
    height: side,
    channels: 1,
    pixels: Uint8Array.from({ length: hw }, () => rng.int(256)),
    scale: 255,
    mean: [0],
    std: [1],
    layout: 'NCHW',
  };
  const segments = Int32Array.from({ length: hw }, (_, p) => Math.floor((p % side) / 7) + 4 * Math.floor(p / side / 7));
  const count = 16;
  const pixels: Predictor = {
    outputs: labels,
    async predict(x, n) {
      const out = new Float32Array(n * labels);
      for (let i = 0; i < n; i++) for (let p = 0; p < hw; p++) out[i * labels + (p % labels)] += x[i * hw + p] / hw;
      return out;
    },
  };
  const samples = 1000;
  const workspace = imageWorkspace(samples, count, DEFAULT_IMAGE_BATCH * hw, hw, 1);
  for (let k = 0; k < 3; k++)
    await explainImage(image, segments, count, pixels, {
      task: 'classification',
      topLabels: 5,
      numSamples: samples,
      seed: k,
      workspace,
    });
}
