import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset } from '../../../electron/backend/data/tabularDataset';
import { loadModel } from '../../../electron/backend/onnx/loadModel';
import { preTouch } from '../../../electron/backend/onnx/preTouch';
import { OnnxTabularPredictor } from '../../../electron/backend/onnx/tabularPredictor';
import { fixture, fixtureJson } from '../../support/fixtures';

/** Each fixture model, its data, and what its original framework predicted (fixtures/README.md). */
const CASES = [
  { model: 'breast_cancer_rf', expected: 'breast_cancer_rf', task: 'classification', classes: ['malignant', 'benign'] },
  {
    model: 'breast_cancer_rf_v2',
    expected: 'breast_cancer_rf_v2',
    task: 'classification',
    classes: ['malignant', 'benign'],
  },
  {
    model: 'breast_cancer_rf_zipmap',
    expected: 'breast_cancer_rf_zipmap',
    task: 'classification',
    classes: ['malignant', 'benign'],
  },
  { model: 'wine_mlp', expected: 'wine_mlp', task: 'classification', classes: ['class_0', 'class_1', 'class_2'] },
  { model: 'diabetes_gbr', expected: 'diabetes_gbr', task: 'regression', classes: null },
] as const;

describe.each(CASES)('$model under onnxruntime-node', ({ model: name, expected: expectedName, task, classes }) => {
  it("reproduces the original framework's predictions on every held-out row (within 2e-5)", async () => {
    const expected = fixtureJson(`${expectedName}.expected.json`);
    const model = await loadModel(fixture(`${name}.onnx`));
    // As a worker opens it: run once on a synthetic sample first (preTouch), which must change nothing.
    expect(await preTouch(model)).toBe(true);
    expect(model.profile.task).toBe(task);
    expect(model.profile.classNames).toEqual(classes);
    const data = await readCsv(fixture(expected.data));
    const dataset = buildTabularDataset(data, data, { labelColumn: expected.label_column });
    const predictor = new OnnxTabularPredictor(model, dataset.columns);
    const x = Float32Array.from(dataset.data.values);
    const scores = await predictor.predict(x, dataset.data.rows);
    const want: number[] = task === 'regression' ? expected.predictions : expected.probabilities.flat();
    expect(scores.length).toBe(want.length);
    let worst = 0;
    for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(scores[k] - want[k]));
    expect(worst).toBeLessThan(2e-5);
    if (task === 'classification') {
      // The predicted class, taken from the probabilities, is the framework's.
      const c = classes.length;
      for (let i = 0; i < dataset.data.rows; i++) {
        const row = Array.from(scores.subarray(i * c, (i + 1) * c));
        expect(row.indexOf(Math.max(...row))).toBe(expected.predicted_label[i]);
      }
    }
    await model.session.release();
  });
});

it('batches larger inputs into several runs with the same answers', async () => {
  const model = await loadModel(fixture('wine_mlp.onnx'));
  const data = await readCsv(fixture('wine.test.csv'));
  const dataset = buildTabularDataset(data, data, { labelColumn: 'label' });
  const x = Float32Array.from(dataset.data.values);
  const whole = await new OnnxTabularPredictor(model, dataset.columns).predict(x, dataset.data.rows);
  const batched = await new OnnxTabularPredictor(model, dataset.columns, { batchSize: 7 }).predict(
    x,
    dataset.data.rows,
  );
  expect(batched).toEqual(whole);
});
