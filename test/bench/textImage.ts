/**
 * Text and image explanations against the model's own inference time in the same process, and the
 * segmentations on a 224×224 RGB image. Targets: fashion_mnist_cnn ≤ 1.3×, debian_text_bow ≤ 3×,
 * quickshift < 150 ms, SLIC < 30 ms.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { OnnxImagePredictor } from '../../electron/backend/image/imagePredictor';
import { readImage } from '../../electron/backend/image/readImage';
import { loadModel } from '../../electron/backend/onnx/loadModel';
import { textEncoder } from '../../electron/backend/text/textEncoder';
import { GrowableInt64, OnnxTextPredictor } from '../../electron/backend/text/textPredictor';
import { maskWorkspace } from '../../shared/engine/sampleMasks';
import { explainImage } from '../../shared/engine/image/explainImage';
import { quickshift } from '../../shared/engine/image/quickshift';
import { rgbToLab } from '../../shared/engine/image/rgbToLab';
import { slic } from '../../shared/engine/image/slic';
import { explainText } from '../../shared/engine/text/explainText';
import { textFeatures } from '../../shared/engine/text/textFeatures';
import { fixture } from '../support/fixtures';
import { median, verdict } from './report';

const now = () => performance.now();

async function benchText(threads: number | undefined) {
  const model = await loadModel(fixture('debian_text_bow.onnx'), null, threads);
  const encoder = textEncoder(model.profile.text!.tokenizer, model.info.metadata);
  const docs = readFileSync(fixture('debian_text.test.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).text as string);
  const explainMs: number[] = [];
  const modelMs: number[] = [];
  // As a job does: buffers shared by all its runs.
  const workspace = maskWorkspace(5000, 256);
  const ids = new GrowableInt64();
  const zeros = new BigInt64Array(5000 * 64);
  for (let k = 0; k < 25; k++) {
    const doc = textFeatures(docs[k % docs.length]);
    const predictor = new OnnxTextPredictor(model, doc, encoder, 5000, ids);
    const { run } = await explainText(doc, predictor, {
      task: 'classification',
      seed: k,
      clock: now,
      workspace,
      heldOutSamples: 0,
    });
    // The model alone on 5000 rows of 64 tokens, as one run.
    const t0 = now();
    await model.session.run({ input_ids: new ort.Tensor('int64', zeros, [5000, 64]) });
    const own = now() - t0;
    if (k < 5) continue;
    explainMs.push(run.timing.totalMs);
    modelMs.push(Math.max(own, run.timing.inferenceMs));
  }
  return { name: 'debian_text_bow, 5000 samples', model: median(modelMs), explain: median(explainMs), target: 3 };
}

async function benchImage(threads: number | undefined) {
  const model = await loadModel(fixture('fashion_mnist_cnn.onnx'), null, threads);
  const profile = model.profile.image!;
  const decoded = await readImage(fixture('fashion_mnist.test/00001_2.png'), profile);
  const image = { ...decoded, scale: 255, mean: [0], std: [1], layout: 'NCHW' as const };
  const lab = rgbToLab(image.pixels, 784, 1);
  const segments = quickshift(lab, 28, 28);
  const count = Math.max(...segments) + 1;
  const predictor = new OnnxImagePredictor(model);
  const explainMs: number[] = [];
  const modelMs: number[] = [];
  const input = new Float32Array(1000 * 784);
  const workspace = { batch: new Float32Array(1000 * 784), masks: maskWorkspace(1000, 1024) }; // as a job does
  for (let k = 0; k < 15; k++) {
    const { run } = await explainImage(image, segments, count, predictor, {
      task: 'classification',
      topLabels: 5,
      seed: k,
      clock: now,
      workspace,
      heldOutSamples: 0,
    });
    const t0 = now();
    await model.session.run({ image: new ort.Tensor('float32', input, [1000, 1, 28, 28]) });
    const own = now() - t0;
    if (k < 3) continue;
    explainMs.push(run.timing.totalMs);
    modelMs.push(own);
  }
  return {
    name: 'fashion_mnist_cnn, 1000 samples, top 5',
    model: median(modelMs),
    explain: median(explainMs),
    target: 1.3,
  };
}

function benchSegmentation() {
  const width = 224;
  const height = 224;
  const rgb = new Uint8Array(width * height * 3);
  // A photograph-like test card: smooth gradients, blocks and noise (seeded).
  let s = 1;
  for (let p = 0; p < width * height; p++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const x = p % width;
    const y = Math.floor(p / width);
    const noise = (s >>> 24) % 16;
    rgb.set([(x + noise) % 256, ((y >> 3) * 20 + noise) % 256, (((x >> 5) + (y >> 5)) * 35 + noise) % 256], p * 3);
  }
  const lab = rgbToLab(rgb, width * height, 3);
  const time = (f: () => unknown) => {
    const ts: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t0 = now();
      f();
      if (k > 1) ts.push(now() - t0);
    }
    return median(ts);
  };
  return { quickshift: time(() => quickshift(lab, width, height)), slic: time(() => slic(lab, width, height)) };
}

export async function benchTextImage(threads: number | undefined): Promise<void> {
  console.log('\nText and image LIME');
  console.log('case                                         model run   explanation   ratio   target');
  for (const r of [await benchText(threads), await benchImage(threads)]) {
    const ratio = r.explain / r.model;
    console.log(
      `${r.name.padEnd(44)} ${r.model.toFixed(2).padStart(7)} ms ${r.explain.toFixed(2).padStart(10)} ms ${ratio.toFixed(2).padStart(6)}×  ≤ ${r.target.toFixed(1)}× ${verdict(ratio, r.target)}`,
    );
  }
  const seg = benchSegmentation();
  console.log(
    `quickshift, 224×224 RGB (median)           ${seg.quickshift.toFixed(1).padStart(8)} ms   target < 150 ms  ${verdict(seg.quickshift, 150)}`,
  );
  console.log(
    `SLIC, 224×224 RGB (median)                 ${seg.slic.toFixed(1).padStart(8)} ms   target < 30 ms   ${verdict(seg.slic, 30)}`,
  );
}
