import { describe, expect, it } from 'vitest';
import { exponentialKernel } from '../../shared/engine/kernel';

describe('exponentialKernel', () => {
  it('is √exp(−d²/width²): 1 at the instance, e^−½ at one width', () => {
    const w = exponentialKernel(Float64Array.from([0, 2, 4, Math.sqrt(30)]), 2);
    expect(w[0]).toBe(1);
    expect(w[1]).toBeCloseTo(Math.exp(-0.5), 12);
    expect(w[2]).toBeCloseTo(Math.sqrt(Math.exp(-16 / 4)), 12);
  });

  it('keeps every default discretized weight of 30 columns in [0.41, 1] (LIME.md §7)', () => {
    const width = 0.75 * Math.sqrt(30);
    const all = exponentialKernel(Float64Array.from({ length: 31 }, (_, k) => Math.sqrt(k)), width);
    expect(Math.min(...all)).toBeGreaterThan(0.41);
    expect(Math.min(...all)).toBeLessThan(0.42);
  });

  it('refuses a non-positive width', () => {
    expect(() => exponentialKernel(new Float64Array(2), 0)).toThrow(/width/);
  });
});
