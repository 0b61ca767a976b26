import { describe, expect, it } from 'vitest';
import { summariseStability, tQuantile975 } from '../../shared/engine/stability';
import { explainTabular } from '../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../shared/engine/tabular/fitTabular';
import { functionPredictor, numericTable } from '../support/tables';

const train = numericTable({ a: Array.from({ length: 100 }, (_, i) => i), b: Array.from({ length: 100 }, (_, i) => (i * 7) % 100), c: Array.from({ length: 100 }, (_, i) => (i * 13) % 100) });
const model = functionPredictor(1, (r) => [Math.tanh((r[0] - 50) / 20) + 0.3 * Math.sin(r[1] / 10) + 0.01 * r[2]]);

async function runs(seeds: number[], numSamples: number) {
  const state = fitTabular(train);
  const instance = Float64Array.from([80, 30, 50]);
  return Promise.all(seeds.map(async (seed) => (await explainTabular(state, instance, model, { task: 'regression', seed, numSamples, numFeatures: 2 })).run));
}

describe('summariseStability', () => {
  it('reports perfect agreement and zero-width intervals for identical runs', async () => {
    const s = summariseStability(await runs([4, 4, 4], 2000), 2);
    expect(s.labels[0].topKCommonShare).toBe(1);
    for (const f of s.labels[0].features) {
      expect(f.sd).toBe(0);
      expect(f.low).toBe(f.high);
      expect(f.signAgreement).toBe(1);
    }
  });

  it('intervals contain the mean and widen when samples are cut', async () => {
    const many = summariseStability(await runs([0, 1, 2, 3, 4], 5000), 2);
    const few = summariseStability(await runs([0, 1, 2, 3, 4], 60), 2);
    const width = (s: typeof many) => s.labels[0].features.reduce((a, f) => a + (f.high - f.low), 0);
    for (const f of many.labels[0].features) {
      expect(f.low).toBeLessThanOrEqual(f.mean);
      expect(f.high).toBeGreaterThanOrEqual(f.mean);
    }
    expect(width(few)).toBeGreaterThan(width(many));
    expect(many.seeds).toEqual([0, 1, 2, 3, 4]);
  });

  it('uses Student\'s t: 12.706 for one degree of freedom, towards 1.96 for many', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(1000)).toBeCloseTo(1.962, 2);
  });
});
