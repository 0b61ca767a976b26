import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OnnxImagePredictor } from '../../../electron/backend/image/imagePredictor';
import { readImage } from '../../../electron/backend/image/readImage';
import { loadModel } from '../../../electron/backend/onnx/loadModel';
import { explainImage } from '../../../shared/engine/image/explainImage';
import { modelPlanes, perturbImages, type ImageInstance } from '../../../shared/engine/image/imageInstance';
import { tempDir } from '../../support/audit';
import { fixture, fixtureJson, type ExpectedOutputs } from '../../support/fixtures';
import { imageRegressor } from '../../support/onnxBuilder';

describe('fashion_mnist_cnn under onnxruntime-node', async () => {
  const model = await loadModel(fixture('fashion_mnist_cnn.onnx'));
  const profile = model.profile.image!;

  it("infers an NCHW 28×28 grey profile and reproduces torch's predictions on all 20 images", async () => {
    expect(profile).toEqual({ width: 28, height: 28, channels: 1, layout: 'NCHW', scale: 255, mean: [0], std: [1] });
    const expected = fixtureJson<ExpectedOutputs<string[]>>('fashion_mnist_cnn.expected.json');
    const predictor = new OnnxImagePredictor(model);
    let worst = 0;
    for (const [k, file] of expected.data.entries()) {
      const decoded = await readImage(fixture(file), profile);
      const scores = await predictor.predict(
        Float32Array.from(decoded.pixels, (v) => v / 255),
        1,
      );
      for (let c = 0; c < 10; c++) worst = Math.max(worst, Math.abs(scores[c] - expected.probabilities[k][c]));
    }
    expect(worst).toBeLessThan(2e-5);
    expect(readdirSync(fixture('fashion_mnist.test'))).toHaveLength(20);
  });
});

describe('image explanation against a model whose answer is known', () => {
  // A 16×16 grey "model": value = Σ of the left half's pixels (in model units, pixel/255).
  const width = 16;
  const height = 16;
  const pixels = Uint8Array.from({ length: width * height }, (_, p) => 40 + ((p * 37) % 200));
  const image: ImageInstance = { width, height, channels: 1, pixels, scale: 255, mean: [0], std: [1], layout: 'NCHW' };
  // Four quadrant segments: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
  const segments = Int32Array.from(
    { length: width * height },
    (_, p) => (p % width < 8 ? 0 : 1) + (Math.floor(p / width) < 8 ? 0 : 2),
  );

  it("builds each perturbed image by per-pixel lookup: kept pixels as they are, hidden ones with their segment's colour", () => {
    const { planes, hidden } = modelPlanes(image, segments, 4, 'mean');
    const masks = Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 0]);
    const out = new Float32Array(2 * width * height);
    perturbImages(image, segments, 4, planes, hidden, masks, 0, 2, out);
    for (let p = 0; p < width * height; p++) {
      expect(out[p]).toBeCloseTo(pixels[p] / 255, 6);
      expect(out[width * height + p]).toBeCloseTo(segments[p] % 2 === 0 ? pixels[p] / 255 : hidden[segments[p]], 6);
    }
    // A hidden segment's colour is its own mean.
    let sum = 0;
    for (let p = 0; p < width * height; p++) if (segments[p] === 1) sum += pixels[p] / 255;
    expect(hidden[1]).toBeCloseTo(sum / 64, 5);
  });

  it('gives each left segment its own pixel sum as weight and the right segments none', async () => {
    const dir = tempDir('lw-img-');
    writeFileSync(
      join(dir, 'model.onnx'),
      imageRegressor(width, height, (x) => (x < 8 ? 1 : 0)),
    );
    const model = await loadModel(join(dir, 'model.onnx'));
    expect(model.profile).toMatchObject({ modality: 'image', task: 'regression' });
    const { run } = await explainImage(image, segments, 4, new OnnxImagePredictor(model), {
      task: 'regression',
      hide: [0],
      numSamples: 2000,
    });
    const w = new Map(run.explanations[0].weights.map((x) => [x.feature, x.weight]));
    const leftSum = (s: number) => {
      let t = 0;
      for (let p = 0; p < width * height; p++) if (segments[p] === s) t += pixels[p] / 255;
      return t;
    };
    // Linear in the segments' on/off bits: the weights are the sums (up to ridge shrinkage), exactly 0 on the right.
    expect(w.get(0)!).toBeCloseTo(leftSum(0), 0);
    expect(w.get(2)!).toBeCloseTo(leftSum(2), 0);
    expect(Math.abs(w.get(0)! - leftSum(0)) / leftSum(0)).toBeLessThan(0.02);
    // The right half never reaches the model; ridge (alpha 1) leaks a trace of the left's weight into it,
    // because kernel weights correlate the segments' bits. It stays below 0.5 % of a left weight.
    expect(Math.abs(w.get(1)!)).toBeLessThan(0.005 * leftSum(0));
    expect(Math.abs(w.get(3)!)).toBeLessThan(0.005 * leftSum(0));
    expect(run.explanations[0].score).toBeGreaterThan(0.99);
  });
});

it('reads a PNG given as RGBA or RGB as one grey channel for a grey model', async () => {
  const dir = tempDir('lw-png-');
  const rgba = Buffer.alloc(28 * 28 * 4);
  for (let p = 0; p < 28 * 28; p++) rgba.set([p % 256, p % 256, p % 256, 255], p * 4);
  await sharp(rgba, { raw: { width: 28, height: 28, channels: 4 } })
    .png()
    .toFile(join(dir, 'rgba.png'));
  const decoded = await readImage(join(dir, 'rgba.png'), {
    width: 28,
    height: 28,
    channels: 1,
    layout: 'NCHW',
    scale: 255,
    mean: [0],
    std: [1],
  });
  expect(decoded.pixels.length).toBe(784);
  expect(decoded.pixels[100]).toBe(100);
});

it('writes NHWC batches as the transpose of NCHW ones, with per-channel mean and std', () => {
  const width = 3;
  const height = 2;
  const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 41) % 256);
  const segments = Int32Array.from([0, 0, 1, 1, 2, 2]);
  const base = {
    width,
    height,
    channels: 3 as const,
    pixels,
    scale: 255,
    mean: [0.5, 0.4, 0.3],
    std: [0.2, 0.25, 0.3],
  };
  const masks = Uint8Array.from([1, 1, 1, 1, 0, 1]);
  const run = (layout: 'NCHW' | 'NHWC') => {
    const image = { ...base, layout };
    const { planes, hidden } = modelPlanes(image, segments, 3, [10, 20, 30]);
    const out = new Float32Array(2 * 18);
    perturbImages(image, segments, 3, planes, hidden, masks, 0, 2, out);
    return out;
  };
  const nchw = run('NCHW');
  const nhwc = run('NHWC');
  for (let k = 0; k < 2; k++) {
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 6; p++) {
        expect(nhwc[k * 18 + p * 3 + c]).toBeCloseTo(nchw[k * 18 + c * 6 + p], 6);
        const kept = masks[k * 3 + segments[p]] === 1;
        const raw = kept ? pixels[p * 3 + c] : [10, 20, 30][c];
        expect(nchw[k * 18 + c * 6 + p]).toBeCloseTo((raw / 255 - base.mean[c]) / base.std[c], 5);
      }
    }
  }
});
