import { describe, expect, it } from 'vitest';
import { isShaky, summariseStability, tQuantile975 } from '../../shared/engine/stability';
import { explainTabular } from '../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../shared/engine/tabular/fitTabular';
import { functionPredictor, numericTable } from '../support/tables';

const train = numericTable({
  a: Array.from({ length: 100 }, (_, i) => i),
  b: Array.from({ length: 100 }, (_, i) => (i * 7) % 100),
  c: Array.from({ length: 100 }, (_, i) => (i * 13) % 100),
});
const model = functionPredictor(1, (r) => [Math.tanh((r[0] - 50) / 20) + 0.3 * Math.sin(r[1] / 10) + 0.01 * r[2]]);

async function runs(seeds: number[], numSamples: number) {
  const state = fitTabular(train);
  const instance = Float64Array.from([80, 30, 50]);
  return Promise.all(
    seeds.map(
      async (seed) =>
        (await explainTabular(state, instance, model, { task: 'regression', seed, numSamples, numFeatures: 2 })).run,
    ),
  );
}

describe('summariseStability', () => {
  it('reports perfect agreement and zero-width intervals for identical runs', async () => {
    const s = summariseStability(await runs([4, 4, 4], 2000), 2);
    expect(s.labels[0].topKCommonShare).toBe(1);
    expect(s.labels[0].index).toBe(1);
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

  it('has a stability index that falls when samples are cut', async () => {
    // Six features of similar importance: which three come first is decided by sampling noise.
    const cols: Record<string, number[]> = {};
    for (let j = 0; j < 6; j++) cols[`f${j}`] = Array.from({ length: 200 }, (_, i) => (i * (7 + 2 * j)) % 101);
    const state = fitTabular(numericTable(cols));
    const model6 = functionPredictor(1, (r) => [
      r.reduce((a, v, j) => a + (0.1 + 0.01 * j) * Math.tanh((v - 50) / 20), 0),
    ]);
    const instance = Float64Array.from([90, 10, 85, 15, 80, 20]);
    const index = async (numSamples: number) =>
      summariseStability(
        await Promise.all(
          [0, 1, 2, 3, 4].map(
            async (seed) =>
              (await explainTabular(state, instance, model6, { task: 'regression', seed, numSamples, numFeatures: 3 }))
                .run,
          ),
        ),
        3,
      ).labels[0].index;
    const [many, few] = [await index(5000), await index(40)];
    expect(many).toBeGreaterThan(few);
    expect(few).toBeGreaterThanOrEqual(0);
    expect(many).toBeLessThanOrEqual(1);
  });

  it("uses Student's t: 12.706 for one degree of freedom, towards 1.96 for many", () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(1000)).toBeCloseTo(1.962, 2);
  });
});

it('marks a feature shaky when its interval crosses zero or some run leaves it out', () => {
  const f = { feature: 0, name: 'a', mean: 0.2, sd: 0.01, low: 0.1, high: 0.3, signAgreement: 1, selectedShare: 1 };
  expect(isShaky(f)).toBe(false);
  expect(isShaky({ ...f, low: -0.05 })).toBe(true);
  expect(isShaky({ ...f, selectedShare: 0.8 })).toBe(true);
});
