import { describe, expect, it } from 'vitest';
import { entropyCuts } from '../../../shared/engine/tabular/entropyCuts';
import { binOf, fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { sampleTabular } from '../../../shared/engine/tabular/sampleTabular';
import { Rng } from '../../../shared/engine/random';
import { numericTable } from '../../support/tables';

describe('quartile and decile discretization', () => {
  it('cuts at numpy-style percentiles and labels bins with two decimals', () => {
    const state = fitTabular(numericTable({ x: [1, 2, 3, 4, 5, 6, 7, 8] }));
    const col = state.columns[0];
    // numpy.percentile([1..8], [25, 50, 75]) = 2.75, 4.5, 6.25
    expect(col.cuts).toEqual([2.75, 4.5, 6.25]);
    expect(col.valueLabels).toEqual(['x <= 2.75', '2.75 < x <= 4.50', '4.50 < x <= 6.25', 'x > 6.25']);
    expect(Array.from(col.freq)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('puts a value equal to a cut point in the lower bin', () => {
    expect(binOf(4.5, [2.75, 4.5, 6.25])).toBe(1);
    expect(binOf(4.5000001, [2.75, 4.5, 6.25])).toBe(2);
    expect(binOf(-100, [2.75, 4.5, 6.25])).toBe(0);
    expect(binOf(100, [2.75, 4.5, 6.25])).toBe(3);
  });

  it('collapses duplicate cut points of tied data', () => {
    const state = fitTabular(numericTable({ x: [0, 0, 0, 0, 0, 0, 1, 2] }));
    // Percentiles 25/50/75 are 0, 0, 0.25: the two zeros collapse into one cut.
    expect(state.columns[0].cuts).toEqual([0, 0.25]);
    expect(state.columns[0].freq[0]).toBeCloseTo(0.75);
  });

  it('cuts deciles at 10..90 %', () => {
    const state = fitTabular(numericTable({ x: Array.from({ length: 11 }, (_, i) => i * 10) }), {
      discretizer: 'decile',
    });
    expect(state.columns[0].cuts).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('undiscretizes a degenerate bin (min = max) to the real value, not a z-score', () => {
    // Zero-inflated column: the first bin is [0, 0].
    const x = [0, 0, 0, 0, 0, 0, 3, 5, 7, 9, 11, 13];
    const state = fitTabular(numericTable({ x }));
    const hood = sampleTabular(state, Float64Array.from([0]), 2000, new Rng(1));
    const drawnFromFirstBin = [...hood.x].filter((v, i) => i > 0 && hood.z[i] === 1);
    expect(drawnFromFirstBin.length).toBeGreaterThan(500);
    expect(new Set(drawnFromFirstBin)).toEqual(new Set([0]));
    // Every other value lies inside the column's range.
    for (const v of hood.x) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(13);
    }
  });
});

describe('entropy discretization', () => {
  it('finds the threshold that separates planted classes', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    expect(entropyCuts(values, labels)).toEqual([4.5]);
  });

  it('needs labels, and falls back to the median when no split helps', () => {
    expect(() => fitTabular(numericTable({ x: [1, 2, 3] }), { discretizer: 'entropy' })).toThrow(/labels/);
    const state = fitTabular(numericTable({ x: [1, 2, 3, 4] }), {
      discretizer: 'entropy',
      trainingLabels: [1, 1, 1, 1],
    });
    expect(state.columns[0].cuts).toEqual([2.5]);
  });
});

describe('sampling', () => {
  const train = numericTable({
    a: Array.from({ length: 200 }, (_, i) => i),
    b: Array.from({ length: 200 }, (_, i) => (i * 37) % 101),
  });

  it('keeps the instance as row 0 with distance 0, and z = 1 exactly where the bin matches', () => {
    const state = fitTabular(train);
    const instance = Float64Array.from([10, 60]);
    const hood = sampleTabular(state, instance, 500, new Rng(2));
    expect(Array.from(hood.x.subarray(0, 2))).toEqual([10, 60]);
    expect(hood.distances[0]).toBe(0);
    for (let i = 0; i < 500; i++) {
      for (let j = 0; j < 2; j++) {
        const sameBin = binOf(hood.x[i * 2 + j], state.columns[j].cuts!) === hood.instanceValues[j];
        expect(hood.z[i * 2 + j]).toBe(sameBin ? 1 : 0);
      }
      expect(hood.distances[i]).toBeCloseTo(Math.sqrt(2 - hood.z[i * 2] - hood.z[i * 2 + 1]), 12);
    }
  });

  it('gives identical samples for one seed and different samples for two', () => {
    const state = fitTabular(train);
    const instance = Float64Array.from([10, 60]);
    const a = sampleTabular(state, instance, 300, new Rng(5));
    const b = sampleTabular(state, instance, 300, new Rng(5));
    const c = sampleTabular(state, instance, 300, new Rng(6));
    expect(a.x).toEqual(b.x);
    expect(a.z).toEqual(b.z);
    expect(a.x).not.toEqual(c.x);
  });

  it('continuous mode draws N(mean, std) around the training mean, or around the instance', () => {
    const state = fitTabular(train, { discretizer: 'none' });
    const instance = Float64Array.from([190, 5]);
    for (const around of [false, true]) {
      const hood = sampleTabular(state, instance, 20_000, new Rng(3), around);
      let sum = 0;
      for (let i = 1; i < hood.rows; i++) sum += hood.x[i * 2];
      const col = state.columns[0];
      expect(sum / (hood.rows - 1)).toBeCloseTo(around ? 190 : col.mean, -0.5);
      // z is x standardised with the training statistics.
      expect(hood.z[2 * 7]).toBeCloseTo((hood.x[2 * 7] - col.mean) / col.scale, 4);
    }
  });
});
