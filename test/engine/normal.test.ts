import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, TruncatedNormal } from '../../shared/engine/normal';
import { Rng } from '../../shared/engine/random';

describe('normal distribution', () => {
  it('matches tabulated values of Φ and Φ⁻¹', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
  });

  it('inverts: Φ⁻¹(Φ(x)) = x over the range used for sampling', () => {
    for (let x = -6; x <= 6; x += 0.25) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 4);
  });
});

describe('TruncatedNormal', () => {
  it('stays within its bounds and has the truncated mean', () => {
    const t = new TruncatedNormal(0, 1, 0, 10); // half-normal: mean √(2/π)
    const rng = new Rng(3);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const v = t.sample(rng.uniform());
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(10);
      sum += v;
    }
    expect(sum / n).toBeCloseTo(Math.sqrt(2 / Math.PI), 2);
  });

  it('samples a far upper tail without losing precision', () => {
    const t = new TruncatedNormal(0, 1, 6, 7);
    const rng = new Rng(4);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = t.sample(rng.uniform());
      expect(v).toBeGreaterThanOrEqual(6);
      expect(v).toBeLessThanOrEqual(7);
      sum += v;
    }
    // Mean of N(0,1) truncated to [6, 7]: (φ(6) − φ(7)) / (Φ(7) − Φ(6)) ≈ 6.1584.
    expect(sum / 20_000).toBeCloseTo(6.1584, 2);
  });

  it('returns the real value for a degenerate bin, never a z-score (the reference defect)', () => {
    expect(new TruncatedNormal(0, 1e-11, 0, 0).sample(0.3)).toBe(0);
    expect(new TruncatedNormal(12.5, 0, 12.5, 12.5).sample(0.9)).toBe(12.5);
    expect(new TruncatedNormal(3, 0, 2, 5).sample(0.1)).toBe(3);
  });
});
