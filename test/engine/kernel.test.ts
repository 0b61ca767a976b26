import { describe, expect, it } from 'vitest';
import { exponentialKernel } from '../../shared/engine/kernel';
import { effectiveSampleSize } from '../../shared/engine/explainLabels';

describe('exponentialKernel', () => {
  it('is √exp(−d²/width²): 1 at the instance, e^−½ at one width', () => {
    const w = exponentialKernel(Float64Array.from([0, 2, 4, Math.sqrt(30)]), 2);
    expect(w[0]).toBe(1);
    expect(w[1]).toBeCloseTo(Math.exp(-0.5), 12);
    expect(w[2]).toBeCloseTo(Math.sqrt(Math.exp(-16 / 4)), 12);
  });

  it('keeps every default discretized weight of 30 columns in [0.41, 1] (LIME.md §7)', () => {
    const width = 0.75 * Math.sqrt(30);
    const all = exponentialKernel(
      Float64Array.from({ length: 31 }, (_, k) => Math.sqrt(k)),
      width,
    );
    expect(Math.min(...all)).toBeGreaterThan(0.41);
    expect(Math.min(...all)).toBeLessThan(0.42);
  });

  it('refuses a non-positive width', () => {
    expect(() => exponentialKernel(new Float64Array(2), 0)).toThrow(/width/);
  });
});

describe('effectiveSampleSize', () => {
  it('is n for equal weights, 1 for a single weight, and in between otherwise', () => {
    expect(effectiveSampleSize(new Float64Array(50).fill(0.3))).toBeCloseTo(50, 10);
    expect(effectiveSampleSize(Float64Array.from([1, 0, 0, 0]))).toBe(1);
    const ess = effectiveSampleSize(Float64Array.from([1, 0.5, 0.25, 0.1]));
    expect(ess).toBeGreaterThan(1);
    expect(ess).toBeLessThan(4);
  });
});
