import { describe, expect, it } from 'vitest';
import type { TabularTable } from '../../../shared/domain/tabular';
import { normalQuantile } from '../../../shared/engine/normal';
import { Rng } from '../../../shared/engine/random';
import { explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { functionPredictor, numericTable } from '../../support/tables';

function gaussianTable(rows: number, cols: number, scales: number[], seed = 1): TabularTable {
  const rng = new Rng(seed);
  const data: Record<string, number[]> = {};
  for (let j = 0; j < cols; j++)
    data[`f${j}`] = Array.from({ length: rows }, () => 10 + scales[j] * normalQuantile(rng.uniform()));
  return numericTable(data);
}

describe('explainTabular', () => {
  const coef = [3, -2, 0.5, 0, -6];
  const scales = [1, 2, 4, 1, 0.5];
  const train = gaussianTable(400, 5, scales);
  const linear = functionPredictor(1, (row) => [row.reduce((s, v, j) => s + coef[j] * v, 1)]);
  const instance = Float64Array.from([11, 9, 12, 10, 10.2]);

  it("continuous mode on a linear model: each weight is coefficient × the column's std, in that order", async () => {
    const state = fitTabular(train, { discretizer: 'none' });
    const { run, prediction } = await explainTabular(state, instance, linear, {
      task: 'regression',
      numFeatures: 5,
      featureSelection: 'none',
    });
    const e = run.explanations[0];
    expect(e.label).toBeNull();
    expect(prediction[0]).toBeCloseTo(1 + coef.reduce((s, c, j) => s + c * instance[j], 0), 3);
    const expected = coef.map((c, j) => c * state.columns[j].scale);
    for (const w of e.weights) expect(w.weight).toBeCloseTo(expected[w.feature], 1);
    const order = expected.map((v, j) => j).sort((a, b) => Math.abs(expected[b]) - Math.abs(expected[a]));
    expect(e.weights.map((w) => w.feature).slice(0, 4)).toEqual(order.slice(0, 4));
    expect(e.weights.map((w) => Math.sign(w.weight)).slice(0, 4)).toEqual(
      order.slice(0, 4).map((j) => Math.sign(coef[j])),
    );
    expect(e.score).toBeGreaterThan(0.999);
    expect(e.localPrediction).toBeCloseTo(e.modelPrediction, 0);
  });

  it('is bit-for-bit identical for one seed, different for another, and queries the model once', async () => {
    const state = fitTabular(train);
    const counted = functionPredictor(1, (row) => [row.reduce((s, v, j) => s + coef[j] * v, 1)]);
    const a = await explainTabular(state, instance, counted, { task: 'regression', seed: 11, heldOutSamples: 0 });
    const b = await explainTabular(state, instance, counted, { task: 'regression', seed: 11, heldOutSamples: 0 });
    const c = await explainTabular(state, instance, counted, { task: 'regression', seed: 12, heldOutSamples: 0 });
    expect(a.run.explanations).toEqual(b.run.explanations);
    expect(a.run.explanations[0].intercept).not.toBe(c.run.explanations[0].intercept);
    expect(counted.calls).toBe(3);
    expect(counted.rowsSeen).toBe(3 * 5000);
  });

  it('tests the surrogate on fresh samples: near-perfect on a linear model, worse than in-sample on a step', async () => {
    const continuous = fitTabular(train, { discretizer: 'none' });
    const linearRun = (
      await explainTabular(continuous, instance, linear, {
        task: 'regression',
        numFeatures: 5,
        featureSelection: 'none',
      })
    ).run.explanations[0];
    expect(linearRun.heldOut).toMatchObject({ samples: 500 });
    expect(linearRun.heldOut!.score).toBeGreaterThan(0.999);
    const step = functionPredictor(1, (row) => [row[0] > 10.5 ? 1 : 0]);
    const stepRun = (
      await explainTabular(continuous, instance, step, { task: 'regression', numSamples: 300, heldOutSamples: 2000 })
    ).run.explanations[0];
    expect(stepRun.heldOut!.samples).toBe(2000);
    expect(stepRun.heldOut!.score).toBeLessThan(0.99);
    expect(stepRun.heldOut!.rmse).toBeGreaterThan(0);
  });

  it('discretized mode on a linear model: a positive coefficient gives its top bin a positive weight', async () => {
    const state = fitTabular(train);
    const high = Float64Array.from([14, 6, 20, 10, 8]); // every informative column in its extreme bin
    const { run } = await explainTabular(state, high, linear, { task: 'regression', numFeatures: 4 });
    const byFeature = new Map(run.explanations[0].weights.map((w) => [w.feature, w]));
    expect(byFeature.get(0)!.name).toMatch(/^f0 > /);
    expect(byFeature.get(0)!.weight).toBeGreaterThan(0); // 3 × high value
    expect(byFeature.get(1)!.weight).toBeGreaterThan(0); // −2 × low value
    expect(byFeature.get(4)!.weight).toBeGreaterThan(0); // −6 × low value
    expect(byFeature.has(3)).toBe(false); // coefficient 0
  });

  it('classification explains the predicted class by default, or the top labels, with class names', async () => {
    const state = fitTabular(train);
    const softmax = functionPredictor(3, (row) => {
      const logits = [row[0] - 10, 0, 10 - row[1]];
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const inst = Float64Array.from([13, 10, 10, 10, 10]); // class 0 most probable, then 1
    const one = await explainTabular(state, inst, softmax, { task: 'classification', classNames: ['a', 'b', 'c'] });
    expect(one.run.explanations.map((e) => [e.label, e.labelName])).toEqual([[0, 'a']]);
    const two = await explainTabular(state, inst, softmax, { task: 'classification', topLabels: 2 });
    expect(two.run.explanations.map((e) => e.label)).toEqual([0, 1]);
    expect(two.run.explanations[0].modelPrediction).toBeCloseTo(two.prediction[0], 6);
    await expect(explainTabular(state, inst, softmax, { task: 'classification', labels: [3] })).rejects.toThrow(
      /label 3/,
    );
  });

  it('sorts weights by |weight| and keeps at most numFeatures', async () => {
    const state = fitTabular(train);
    const { run } = await explainTabular(state, instance, linear, { task: 'regression', numFeatures: 3 });
    const w = run.explanations[0].weights;
    expect(w).toHaveLength(3);
    for (let k = 1; k < w.length; k++) expect(Math.abs(w[k - 1].weight)).toBeGreaterThanOrEqual(Math.abs(w[k].weight));
  });
});
