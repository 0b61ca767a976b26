import { describe, expect, it } from 'vitest';
import { designMoments, targetMoments } from '../../../shared/engine/linear/moments';
import { r2FromMoments, ridgeFromMoments, weightedR2 } from '../../../shared/engine/linear/ridge';
import { directRidge, linearData } from '../../support/linearData';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('weighted ridge from moments', () => {
  it('recovers known coefficients and intercept on noiseless linear data', () => {
    const coef = [2, -3, 0.5, 0, 7];
    const d = linearData(500, coef, 4);
    const design = designMoments(d.z, d.rows, d.cols, d.w, false);
    const target = targetMoments(d.z, d.rows, d.cols, d.w, d.y, design);
    const fit = ridgeFromMoments(design, target, all(5), 0);
    for (let j = 0; j < 5; j++) expect(fit.coef[j]).toBeCloseTo(coef[j], 9);
    expect(fit.intercept).toBeCloseTo(4, 9);
    expect(weightedR2(d.z, d.rows, d.cols, d.y, d.w, fit)).toBeCloseTo(1, 12);
  });

  it('equals the textbook weighted ridge (alpha 1) on noisy data, dense and binary', () => {
    for (const binary of [false, true]) {
      const d = linearData(300, [1, -1, 2, 0.3], 0.5, { noise: 0.7, binary, seed: 9 });
      const design = designMoments(d.z, d.rows, d.cols, d.w, binary);
      const target = targetMoments(d.z, d.rows, d.cols, d.w, d.y, design);
      const fit = ridgeFromMoments(design, target, all(4), 1);
      const ref = directRidge(d.z, d.y, d.w, d.rows, d.cols, 1);
      for (let j = 0; j < 4; j++) expect(fit.coef[j]).toBeCloseTo(ref.coef[j], 9);
      expect(fit.intercept).toBeCloseTo(ref.intercept, 9);
      // The cheap R² used during selection agrees with the one computed over the rows.
      expect(r2FromMoments(design, target, fit)).toBeCloseTo(weightedR2(d.z, d.rows, d.cols, d.y, d.w, fit), 9);
    }
  });

  it('fits a subset of columns as if the others were absent', () => {
    const d = linearData(200, [1, 5, -2], 0, { noise: 0.1, seed: 2 });
    const design = designMoments(d.z, d.rows, d.cols, d.w, false);
    const target = targetMoments(d.z, d.rows, d.cols, d.w, d.y, design);
    const fit = ridgeFromMoments(design, target, [2, 0], 0);
    const sub = new Float64Array(d.rows * 2);
    for (let i = 0; i < d.rows; i++) {
      sub[i * 2] = d.z[i * 3 + 2];
      sub[i * 2 + 1] = d.z[i * 3];
    }
    const ref = directRidge(sub, d.y, d.w, d.rows, 2, 0);
    expect(fit.coef[0]).toBeCloseTo(ref.coef[0], 9);
    expect(fit.coef[1]).toBeCloseTo(ref.coef[1], 9);
  });

  it('scores a constant target as scikit-learn does: 1 for a perfect fit', () => {
    const d = linearData(50, [0, 0], 3);
    const design = designMoments(d.z, d.rows, d.cols, d.w, false);
    const target = targetMoments(d.z, d.rows, d.cols, d.w, d.y, design);
    const fit = ridgeFromMoments(design, target, [0, 1], 1);
    expect(weightedR2(d.z, d.rows, d.cols, d.y, d.w, fit)).toBe(1);
  });
});
