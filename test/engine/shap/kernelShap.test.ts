import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../../electron/backend/data/tabularDataset';
import { loadModel } from '../../../electron/backend/onnx/loadModel';
import { OnnxTabularPredictor } from '../../../electron/backend/onnx/tabularPredictor';
import { Rng } from '../../../shared/engine/random';
import { kernelShapTabular, sampleCoalitions } from '../../../shared/engine/shap/kernelShap';
import { fixture } from '../../support/fixtures';
import { functionPredictor } from '../../support/tables';

describe('KernelSHAP (tabular)', () => {
  it('on a linear model with independent features equals coefficient × (value − background mean), exactly', async () => {
    const coef = [2, -1.5, 0.5, 0, 3];
    const rng = new Rng(3);
    const rows = 40;
    const background = Float64Array.from({ length: rows * 5 }, () => Math.round(rng.uniform() * 100) / 10);
    const model = functionPredictor(1, (r) => [r.reduce((s, v, j) => s + coef[j] * v, 7)]);
    const instance = Float64Array.from([9.5, 1.25, 4, 6, 0.5]);
    const { run } = await kernelShapTabular(instance, background, rows, model, (j) => `x${j}`, {
      task: 'regression',
      numSamples: 256,
    });
    const e = run.explanations[0];
    const mean = (j: number) =>
      Array.from({ length: rows }, (_, k) => background[k * 5 + j]).reduce((a, b) => a + b, 0) / rows;
    for (const w of e.weights)
      expect(w.weight).toBeCloseTo(coef[w.feature] * (instance[w.feature] - mean(w.feature)), 3);
    expect(e.intercept).toBeCloseTo(7 + coef.reduce((s, c, j) => s + c * mean(j), 0), 3);
    expect(e.score).toBeCloseTo(1, 6);
  });

  it('gives SHAP values that sum to the prediction minus the expected value (the random forest)', async () => {
    const model = await loadModel(fixture('breast_cancer_rf.onnx'));
    const dataset = buildTabularDataset(
      await readCsv(fixture('breast_cancer.test.csv')),
      await readCsv(fixture('breast_cancer.train.csv')),
      { labelColumn: 'label' },
    );
    const background = dataset.train.values.slice(0, 20 * 30);
    const { run, prediction } = await kernelShapTabular(
      instanceAt(dataset, 3, 'test'),
      background,
      20,
      new OnnxTabularPredictor(model, dataset.columns),
      (j) => dataset.columns[j].name,
      { task: 'classification', numSamples: 512 },
    );
    const e = run.explanations[0];
    const sum = e.weights.reduce((s, w) => s + w.weight, 0);
    expect(e.intercept + sum).toBeCloseTo(prediction[e.label!], 6);
    expect(e.localPrediction).toBeCloseTo(e.modelPrediction, 6);
    expect(e.weights).toHaveLength(30);
  });

  it('draws coalitions in complementary pairs, sizes from the Shapley kernel (small and large most often)', () => {
    const m = 10;
    const z = sampleCoalitions(m, 4000, new Rng(1));
    const sizes = new Array(m + 1).fill(0);
    for (let i = 0; i < z.length / m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += z[i * m + j];
      sizes[s]++;
      if (i % 2 === 1) for (let j = 0; j < m; j++) expect(z[i * m + j]).toBe(1 - z[(i - 1) * m + j]);
    }
    expect(sizes[0]).toBe(0);
    expect(sizes[m]).toBe(0);
    expect(sizes[1]).toBeGreaterThan(3 * sizes[5]);
  });
});
