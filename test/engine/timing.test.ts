import { describe, expect, it } from 'vitest';
import { explainImage } from '../../shared/engine/image/explainImage';
import type { ImageInstance } from '../../shared/engine/image/imageInstance';
import type { MaskPredictor } from '../../shared/engine/predictor';
import { explainText } from '../../shared/engine/text/explainText';
import { textFeatures } from '../../shared/engine/text/textFeatures';

/**
 * Timing reports on a clock that only the model moves: each model call takes exactly 10 ms and nothing
 * else takes any time, so a run's inferenceMs must be 10 × its model calls and equal its totalMs.
 */
function modelClock() {
  let t = 0;
  return { clock: () => t, call: () => (t += 10) };
}

describe('timing: inference counts each model call once, held-out samples included', () => {
  it('image', async () => {
    const width = 8;
    const image: ImageInstance = {
      width,
      height: width,
      channels: 1,
      pixels: Uint8Array.from({ length: 64 }, (_, p) => p * 3),
      scale: 255,
      mean: [0],
      std: [1],
      layout: 'NCHW',
    };
    const segments = Int32Array.from({ length: 64 }, (_, p) => (p % width < 4 ? 0 : 1));
    for (const [heldOutSamples, calls] of [
      [0, 1],
      [100, 2],
    ] as const) {
      const time = modelClock();
      const predictor = {
        outputs: 1,
        async predict(x: Float32Array, rows: number) {
          time.call();
          return Float32Array.from({ length: rows }, (_, r) => x[r * 64]);
        },
      };
      // One batch per neighbourhood, so each neighbourhood is one model call.
      const { run } = await explainImage(image, segments, 2, predictor, {
        task: 'regression',
        numSamples: 200,
        seed: 1,
        clock: time.clock,
        heldOutSamples,
        batchSize: 1000,
      });
      expect(run.timing.inferenceMs, `held-out ${heldOutSamples}`).toBe(10 * calls);
      expect(run.timing.totalMs).toBe(run.timing.inferenceMs);
    }
  });

  it('text', async () => {
    const doc = textFeatures('good film and a good cast');
    for (const [heldOutSamples, calls] of [
      [0, 1],
      [100, 2],
    ] as const) {
      const time = modelClock();
      const predictor: MaskPredictor = {
        outputs: 1,
        async predictMasks(masks: Uint8Array, rows: number) {
          time.call();
          const d = doc.features.length;
          return Float32Array.from({ length: rows }, (_, r) => masks[r * d]);
        },
      };
      const { run } = await explainText(doc, predictor, {
        task: 'regression',
        numSamples: 300,
        seed: 1,
        clock: time.clock,
        heldOutSamples,
      });
      expect(run.timing.inferenceMs, `held-out ${heldOutSamples}`).toBe(10 * calls);
      expect(run.timing.totalMs).toBe(run.timing.inferenceMs);
    }
  });
});
