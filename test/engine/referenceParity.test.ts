import { describe, expect, it } from 'vitest';
import { readCsv } from '../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../electron/backend/data/tabularDataset';
import { loadModel } from '../../electron/backend/onnx/loadModel';
import { OnnxTabularPredictor } from '../../electron/backend/onnx/tabularPredictor';
import { explainTabular } from '../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../shared/engine/tabular/fitTabular';
import { fixture, fixtureJson } from '../support/fixtures';

/**
 * Statistical parity with the reference Python LIME (fixtures/reference): its default tabular
 * explanation of breast_cancer_rf, label 1, first 5 test rows, seeds 0–9. Our RNG differs, so compare
 * mean weight vectors over the 10 seeds, as the reference's own noise floor does (cosine ≥ 0.97 between
 * its halves).
 */
describe('parity with the reference LIME on breast_cancer_rf', async () => {
  const ref = fixtureJson<{
    instances: {
      runs: { labels: Record<string, { weights: [number, number][]; score: number; local_pred: number }> }[];
    }[];
  }>('reference/breast_cancer_rf__a_default.json');
  const model = await loadModel(fixture('breast_cancer_rf.onnx'));
  const data = await readCsv(fixture('breast_cancer.test.csv'));
  const train = await readCsv(fixture('breast_cancer.train.csv'));
  const dataset = buildTabularDataset(data, train, { labelColumn: 'label' });
  const predictor = new OnnxTabularPredictor(model, dataset.columns);
  const state = fitTabular(dataset.train);
  const top5 = (v: Float64Array) => [...v.keys()].sort((a, b) => Math.abs(v[b]) - Math.abs(v[a])).slice(0, 5);

  it.each([0, 1, 2, 3, 4])(
    'row %i: mean weights point the same way, top 5 shared, score and local prediction close',
    async (row) => {
      const ours = new Float64Array(30);
      const theirs = new Float64Array(30);
      let score = 0;
      let local = 0;
      let refScore = 0;
      let refLocal = 0;
      for (let seed = 0; seed < 10; seed++) {
        const e = (
          await explainTabular(state, instanceAt(dataset, row, 'test'), predictor, {
            task: 'classification',
            labels: [1],
            seed,
          })
        ).run.explanations[0];
        for (const w of e.weights) ours[w.feature] += w.weight / 10;
        score += e.score / 10;
        local += e.localPrediction / 10;
      }
      for (const run of ref.instances[row].runs) {
        const r = run.labels['1'];
        for (const [f, w] of r.weights) theirs[f] += w / 10;
        refScore += r.score / 10;
        refLocal += r.local_pred / 10;
      }
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let j = 0; j < 30; j++) {
        dot += ours[j] * theirs[j];
        na += ours[j] ** 2;
        nb += theirs[j] ** 2;
      }
      expect(dot / Math.sqrt(na * nb)).toBeGreaterThanOrEqual(0.9);
      const shared = top5(ours).filter((f) => top5(theirs).includes(f)).length;
      expect(shared).toBeGreaterThanOrEqual(4);
      expect(Math.abs(score - refScore)).toBeLessThan(0.03);
      expect(Math.abs(local - refLocal)).toBeLessThan(0.05);
    },
  );
});
