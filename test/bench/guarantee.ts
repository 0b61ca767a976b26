/**
 * `--num-samples auto` beside the reference's fixed neighbourhood, per case: the samples auto chooses, how
 * often the selection comes out stable, and the time of each (in-process, warm, held-out fidelity off in
 * both). Defaults otherwise: tabular and text 10 features; images 10 segments with auto (every segment
 * fixed), the top 5 labels.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ExplanationRun } from '../../shared/domain/explanation';
import { readCsv } from '../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../electron/backend/data/tabularDataset';
import { OnnxImagePredictor } from '../../electron/backend/image/imagePredictor';
import { readImage } from '../../electron/backend/image/readImage';
import { loadModel } from '../../electron/backend/onnx/loadModel';
import { OnnxTabularPredictor } from '../../electron/backend/onnx/tabularPredictor';
import { textEncoder } from '../../electron/backend/text/textEncoder';
import { GrowableInt64, OnnxTextPredictor } from '../../electron/backend/text/textPredictor';
import { explainImage } from '../../shared/engine/image/explainImage';
import { quickshift } from '../../shared/engine/image/quickshift';
import { rgbToLab } from '../../shared/engine/image/rgbToLab';
import { DEFAULT_GUARANTEE, type GuaranteeSettings } from '../../shared/engine/sampleGuarantee';
import { explainTabular } from '../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../shared/engine/tabular/fitTabular';
import { explainText } from '../../shared/engine/text/explainText';
import { textFeatures } from '../../shared/engine/text/textFeatures';
import { fixture } from '../support/fixtures';
import { median } from './report';

const now = () => performance.now();
type Explain = (row: number, guarantee: GuaranteeSettings | null) => Promise<ExplanationRun>;

async function tabularCase(): Promise<[string, Explain, number]> {
  const model = await loadModel(fixture('breast_cancer_rf.onnx'));
  const data = await readCsv(fixture('breast_cancer.test.csv'));
  const train = await readCsv(fixture('breast_cancer.train.csv'));
  const dataset = buildTabularDataset(data, train, { labelColumn: 'label' });
  const state = fitTabular(dataset.train);
  const predictor = new OnnxTabularPredictor(model, dataset.columns);
  const explain: Explain = async (row, guarantee) =>
    (
      await explainTabular(state, instanceAt(dataset, row, 'breast_cancer.test.csv'), predictor, {
        task: 'classification',
        classNames: model.profile.classNames,
        seed: row,
        clock: now,
        heldOutSamples: 0,
        guarantee,
      })
    ).run;
  return ['breast_cancer_rf, 10 rows', explain, 5000];
}

async function textCase(): Promise<[string, Explain, number]> {
  const model = await loadModel(fixture('debian_text_bow.onnx'));
  const encoder = textEncoder(model.profile.text!.tokenizer, model.info.metadata);
  const docs = readFileSync(fixture('debian_text.test.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const ids = new GrowableInt64();
  const explain: Explain = async (row, guarantee) => {
    const doc = textFeatures(docs[row]);
    const predictor = new OnnxTextPredictor(model, doc, encoder, 5000, ids);
    return (
      await explainText(doc, predictor, { task: 'classification', seed: row, clock: now, heldOutSamples: 0, guarantee })
    ).run;
  };
  return ['debian_text_bow, 10 texts', explain, 5000];
}

async function imageCase(): Promise<[string, Explain, number]> {
  const model = await loadModel(fixture('fashion_mnist_cnn.onnx'));
  const files = ['00001_2.png', '00002_1.png', '00004_6.png', '00007_6.png', '00009_7.png'];
  const images = await Promise.all(
    files.map(async (f) => {
      const decoded = await readImage(fixture(`fashion_mnist.test/${f}`), model.profile.image!);
      const image = { ...decoded, scale: 255, mean: [0], std: [1], layout: 'NCHW' as const };
      const segments = quickshift(rgbToLab(image.pixels, 784, 1), 28, 28);
      return { image, segments, count: Math.max(...segments) + 1 };
    }),
  );
  const predictor = new OnnxImagePredictor(model);
  const explain: Explain = async (row, guarantee) => {
    const { image, segments, count } = images[row % images.length];
    return (
      await explainImage(image, segments, count, predictor, {
        task: 'classification',
        topLabels: 5,
        seed: row,
        clock: now,
        heldOutSamples: 0,
        guarantee,
      })
    ).run;
  };
  return ['fashion_mnist_cnn, 5 images, top 5', explain, 1000];
}

export async function benchGuarantee(): Promise<void> {
  console.log('\n## --num-samples auto (stable at 95 %, cap 100000) beside a fixed neighbourhood');
  console.log(
    `${'case'.padEnd(38)} ${'fixed'.padStart(6)} ${'ms'.padStart(8)}   ${'auto: samples (min–median–max)'.padEnd(32)} stable ${'ms'.padStart(8)}  ×fixed`,
  );
  for (const make of [tabularCase, textCase, imageCase]) {
    const [name, explain, fixed] = await make();
    const rows = name.startsWith('fashion') ? 5 : 10;
    await explain(0, null); // warm
    const fixedMs: number[] = [];
    const autoMs: number[] = [];
    const samples: number[] = [];
    let stable = 0;
    for (let row = 0; row < rows; row++) {
      fixedMs.push((await explain(row, null)).timing.totalMs);
      const run = await explain(row, DEFAULT_GUARANTEE);
      autoMs.push(run.timing.totalMs);
      samples.push(run.guarantee!.samples);
      if (run.guarantee!.stable) stable++;
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const spread = `${sorted[0]}–${median(samples)}–${sorted[sorted.length - 1]}`;
    console.log(
      `${name.padEnd(38)} ${String(fixed).padStart(6)} ${median(fixedMs).toFixed(0).padStart(8)}   ${spread.padEnd(32)} ${`${stable}/${rows}`.padStart(6)} ${median(autoMs).toFixed(0).padStart(8)}  ${(median(autoMs) / median(fixedMs)).toFixed(2)}`,
    );
  }
}
