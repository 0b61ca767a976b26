import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset } from '../../../electron/backend/data/tabularDataset';
import { loadModel } from '../../../electron/backend/onnx/loadModel';
import { OnnxTabularPredictor } from '../../../electron/backend/onnx/tabularPredictor';
import { explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { perColumnClassifier, perColumnProbability, type PerColumnClassifierSpec } from '../../support/onnxBuilder';

const dir = mkdtempSync(join(tmpdir(), 'lw-percol-'));
const SPEC = {
  numeric: [
    { name: 'age', coef: 0.08 },
    { name: 'income', coef: -0.6 },
  ],
  category: { name: 'colour', effects: { red: 2, green: -1.5, blue: 0 } },
  intercept: -2,
} as const;

const CSV = [
  'age,colour,income,outcome',
  ...Array.from(
    { length: 60 },
    (_, i) => `${20 + ((i * 7) % 50)},${['red', 'green', 'blue'][i % 3]},${(i * 0.37) % 5},${i % 2}`,
  ),
].join('\n');

function write(output: PerColumnClassifierSpec['output']): string {
  const path = join(dir, `${output}.onnx`);
  writeFileSync(path, perColumnClassifier({ ...SPEC, numeric: [...SPEC.numeric], output }));
  return path;
}

describe.each(['probabilities', 'logits', 'zipmap'] as const)(
  'a per-column model with a string category (%s output)',
  (output) => {
    it('infers the layout, feeds strings and numbers by column name, and reads class-1 probabilities', async () => {
      const model = await loadModel(write(output));
      expect(model.profile.tabular?.categorical).toEqual(['colour']);
      expect(model.profile.outputKind).toBe(output === 'logits' ? 'logits' : 'probabilities');
      expect(model.profile.classNames).toEqual(['no', 'yes']);
      const csv = parseCsv(CSV, 'people.csv');
      const dataset = buildTabularDataset(csv, csv, {
        labelColumn: 'outcome',
        categorical: model.profile.tabular!.categorical,
      });
      expect(dataset.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'numeric']);
      const predictor = new OnnxTabularPredictor(model, dataset.columns);
      const scores = await predictor.predict(Float32Array.from(dataset.data.values), dataset.data.rows);
      for (let i = 0; i < dataset.data.rows; i++) {
        const [age, colour, income] = dataset.dataCells[i];
        const p1 = perColumnProbability(
          { ...SPEC, numeric: [...SPEC.numeric], output },
          { age: Number(age), colour, income: Number(income) },
        );
        expect(scores[i * 2 + 1]).toBeCloseTo(p1, 5);
        expect(scores[i * 2] + scores[i * 2 + 1]).toBeCloseTo(1, 5);
      }
    });
  },
);

it('explains a string category by name=value, with the sign of its known effect', async () => {
  const model = await loadModel(write('zipmap'));
  const csv = parseCsv(CSV, 'people.csv');
  const dataset = buildTabularDataset(csv, csv, { labelColumn: 'outcome', categorical: ['colour'] });
  const predictor = new OnnxTabularPredictor(model, dataset.columns);
  const state = fitTabular(dataset.train, { discretizer: 'none' });
  const cols = dataset.columns.length;
  const red = dataset.dataCells.findIndex((r) => r[1] === 'red');
  const green = dataset.dataCells.findIndex((r) => r[1] === 'green');
  const explain = async (row: number) =>
    (
      await explainTabular(state, dataset.data.values.slice(row * cols, (row + 1) * cols), predictor, {
        task: 'classification',
        labels: [1],
        featureSelection: 'none',
      })
    ).run.explanations[0];
  const r = await explain(red);
  const g = await explain(green);
  const colourOf = (e: typeof r) => e.weights.find((w) => w.feature === 1)!;
  expect(colourOf(r).name).toBe('colour=red');
  expect(colourOf(r).weight).toBeGreaterThan(0);
  expect(colourOf(g).name).toBe('colour=green');
  expect(colourOf(g).weight).toBeLessThan(0);
  // Continuous columns: signs of the model's own coefficients.
  expect(r.weights.find((w) => w.feature === 0)!.weight).toBeGreaterThan(0);
  expect(r.weights.find((w) => w.feature === 2)!.weight).toBeLessThan(0);
});
