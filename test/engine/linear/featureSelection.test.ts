import { describe, expect, it } from 'vitest';
import { selectFeatures } from '../../../shared/engine/linear/featureSelection';
import { lassoPath } from '../../../shared/engine/linear/larsLasso';
import { designMoments, targetMoments } from '../../../shared/engine/linear/moments';
import { ridgeFromMoments } from '../../../shared/engine/linear/ridge';
import { linearData } from '../../support/linearData';

// Eight columns, three of which matter (5, 1 and 3, in that order of effect).
const COEF = [0, 2, 0, -1, 0, 4, 0, 0];

function setup(binary = false) {
  const d = linearData(1000, COEF, 1, { noise: 0.05, binary, seed: 5 });
  const design = designMoments(d.z, d.rows, d.cols, d.w, binary);
  const target = targetMoments(d.z, d.rows, d.cols, d.w, d.y, design);
  return { d, design, target };
}

describe('feature selection', () => {
  it.each(['forward-selection', 'lasso-path', 'highest-weights'] as const)(
    '%s finds the three informative columns',
    (method) => {
      const { design, target } = setup(true);
      const z0 = new Float64Array(8).fill(1);
      expect(selectFeatures(method, design, target, z0, 3).sort()).toEqual([1, 3, 5]);
    },
  );

  it('forward selection adds columns in order of explained variance', () => {
    const { design, target } = setup();
    expect(selectFeatures('forward-selection', design, target, new Float64Array(8), 3)).toEqual([5, 1, 3]);
  });

  it('auto is forward selection up to 6 features and highest weights beyond', () => {
    const { design, target } = setup(true);
    const z0 = new Float64Array(8).fill(1);
    expect(selectFeatures('auto', design, target, z0, 2)).toEqual(
      selectFeatures('forward-selection', design, target, z0, 2),
    );
    expect(selectFeatures('auto', design, target, z0, 7)).toEqual(
      selectFeatures('highest-weights', design, target, z0, 7),
    );
  });

  it('none keeps every column', () => {
    const { design, target } = setup();
    expect(selectFeatures('none', design, target, new Float64Array(8), 3)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('the lasso path starts at zero, enters the strongest column first and ends at least squares', () => {
    const { design, target } = setup();
    const path = lassoPath(design, target);
    expect([...path[0]].every((v) => v === 0)).toBe(true);
    expect([...path[1]].map((v, j) => (v !== 0 ? j : -1)).filter((j) => j >= 0)).toEqual([5]);
    const ols = ridgeFromMoments(design, target, [0, 1, 2, 3, 4, 5, 6, 7], 0);
    const last = path[path.length - 1];
    for (let j = 0; j < 8; j++) expect(last[j]).toBeCloseTo(ols.coef[j], 6);
  });
});
