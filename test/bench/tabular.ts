/**
 * Tabular explanation time against the model's own inference time, measured in the same process on the
 * same number of rows. Targets: breast_cancer_rf ≤ 2.0×, digits_rf_large ≤ 1.2×.
 */
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { readCsv } from '../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../electron/backend/data/tabularDataset';
import { loadModel } from '../../electron/backend/onnx/loadModel';
import { OnnxTabularPredictor } from '../../electron/backend/onnx/tabularPredictor';
import { explainTabular } from '../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../shared/engine/tabular/fitTabular';
import { sampleTabular, tabularWorkspace } from '../../shared/engine/tabular/sampleTabular';
import { Rng } from '../../shared/engine/random';
import { kernelShapTabular } from '../../shared/engine/shap/kernelShap';
import { median, verdict } from './report';
import { fixture } from '../support/fixtures';

interface Case {
  name: string;
  model: string;
  data: string;
  train: string;
  label: string;
  target: number;
  repeats: number;
}

const CASES: Case[] = [
  {
    name: 'breast_cancer_rf, 5000 samples, defaults',
    model: 'breast_cancer_rf.onnx',
    data: 'breast_cancer.test.csv',
    train: 'breast_cancer.train.csv',
    label: 'label',
    target: 2.0,
    repeats: 60,
  },
  {
    name: 'digits_rf_large, 5000 samples, defaults',
    model: 'digits_rf_large.onnx',
    data: 'digits.test.csv',
    train: 'digits.train.csv',
    label: 'label',
    target: 1.2,
    repeats: 20,
  },
];

async function bench(c: Case, threads: number | undefined, heldOutSamples = 0) {
  const model = await loadModel(fixture(c.model), null, threads);
  const data = await readCsv(fixture(c.data));
  const dataset = buildTabularDataset(data, await readCsv(fixture(c.train)), { labelColumn: c.label });
  const predictor = new OnnxTabularPredictor(model, dataset.columns);
  const state = fitTabular(dataset.train);
  const numSamples = 5000;
  const input = model.info.inputs[0].name;
  // The model alone: one run on a neighbourhood of the same size, as the explanation sends it.
  const hood = sampleTabular(state, instanceAt(dataset, 0, c.data), numSamples, new Rng(0));
  // As a job does: one workspace reused by every run.
  const workspace = tabularWorkspace(numSamples, dataset.columns.length, { state });
  const modelTimes: number[] = [];
  const explainTimes: number[] = [];
  const inferenceTimes: number[] = [];
  for (let k = 0; k < c.repeats + 5; k++) {
    const t0 = performance.now();
    await model.session.run({ [input]: new ort.Tensor('float32', hood.x, [numSamples, dataset.columns.length]) }, [
      model.outputTensor,
    ]);
    const t1 = performance.now();
    const row = k % dataset.data.rows;
    const { run } = await explainTabular(state, instanceAt(dataset, row, c.data), predictor, {
      task: 'classification',
      numSamples,
      seed: k,
      clock: () => performance.now(),
      workspace,
      heldOutSamples,
    });
    if (k < 5) continue; // warm-up
    modelTimes.push(t1 - t0);
    explainTimes.push(run.timing.totalMs);
    inferenceTimes.push(run.timing.inferenceMs);
  }
  await model.session.release();
  const m = median(modelTimes);
  const e = median(explainTimes);
  return { model: m, explain: e, inside: median(inferenceTimes), ratio: e / m };
}

/** KernelSHAP (2048 coalitions over 50 background rows) on breast_cancer_rf, against one model run on as many rows. */
async function benchKernelShap(threads: number | undefined) {
  const model = await loadModel(fixture('breast_cancer_rf.onnx'), null, threads);
  const dataset = buildTabularDataset(
    await readCsv(fixture('breast_cancer.test.csv')),
    await readCsv(fixture('breast_cancer.train.csv')),
    { labelColumn: 'label' },
  );
  const predictor = new OnnxTabularPredictor(model, dataset.columns);
  const background = dataset.train.values.slice(0, 50 * 30);
  const rows = 1 + 50 + 2048 * 50;
  const x = new Float32Array(rows * 30);
  for (let i = 0; i < rows; i++) x.set(dataset.train.values.subarray((i % 455) * 30, (i % 455) * 30 + 30), i * 30);
  const own: number[] = [];
  const total: number[] = [];
  for (let k = 0; k < 8; k++) {
    const t0 = performance.now();
    await model.session.run({ input: new ort.Tensor('float32', x, [rows, 30]) }, [model.outputTensor]);
    const t1 = performance.now();
    const { run } = await kernelShapTabular(
      instanceAt(dataset, k % 100, 'test'),
      background,
      50,
      predictor,
      (j) => String(j),
      { task: 'classification', numSamples: 2048, seed: k, clock: () => performance.now() },
    );
    if (k < 2) continue;
    own.push(t1 - t0);
    total.push(run.timing.totalMs);
  }
  await model.session.release();
  return { model: median(own), explain: median(total) };
}

export async function benchTabular(threads: number | undefined): Promise<void> {
  console.log(`\nTabular LIME — onnxruntime-node ${ort.env.versions.common}, intra-op threads ${threads ?? 'default'}`);
  console.log('case                                         model run   explanation   (in model)   ratio   target');
  // As the reference computes LIME (the targets compare with it); the held-out check is reported below.
  for (const c of CASES) {
    const r = await bench(c, threads);
    console.log(
      `${c.name.padEnd(44)} ${r.model.toFixed(2).padStart(7)} ms ${r.explain.toFixed(2).padStart(10)} ms ${r.inside.toFixed(2).padStart(9)} ms ${r.ratio.toFixed(2).padStart(6)}×  ≤ ${c.target.toFixed(1)}× ${verdict(r.ratio, c.target)}`,
    );
  }
  const held = await bench(CASES[0], threads, 500);
  console.log(
    `${'breast_cancer_rf, with held-out fidelity (+500)'.padEnd(44)} ${held.model.toFixed(2).padStart(7)} ms ${held.explain.toFixed(2).padStart(10)} ms ${held.inside.toFixed(2).padStart(9)} ms ${held.ratio.toFixed(2).padStart(6)}×  (reported)`,
  );
  const shap = await benchKernelShap(threads);
  console.log(
    `${'breast_cancer_rf, KernelSHAP 2048 × 50 rows'.padEnd(44)} ${shap.model.toFixed(2).padStart(7)} ms ${shap.explain.toFixed(2).padStart(10)} ms ${''.padStart(12)} ${(shap.explain / shap.model).toFixed(2).padStart(6)}×  (reported)`,
  );
}
