import { describe, expect, it } from 'vitest';
import type { LabelExplanation } from '../../shared/domain/explanation';
import { submodularPick } from '../../shared/engine/submodularPick';

const explained = (weights: Record<number, number>): LabelExplanation[] => [
  {
    label: 0,
    labelName: 'a',
    intercept: 0,
    score: 1,
    localPrediction: 0,
    modelPrediction: 0,
    weights: Object.entries(weights).map(([f, w]) => ({ feature: Number(f), name: `f${f}`, weight: w })),
  },
];

describe('submodularPick (SP-LIME)', () => {
  // A planted set: four groups of instances, each explained by its own two features; group 0's are strongest.
  const candidates = [
    explained({ 0: 0.5, 1: -0.4 }),
    explained({ 0: 0.45, 1: -0.35 }), // a near-duplicate of the first: adds nothing once it is picked
    explained({ 2: 0.3, 3: 0.3 }),
    explained({ 4: -0.2, 5: 0.25 }),
    explained({ 6: 0.1, 7: 0.1 }),
  ];
  const byFeature = (w: { feature: number }) => String(w.feature);

  it('covers every planted group before picking a duplicate', () => {
    const pick = submodularPick(candidates, 4, byFeature);
    expect(pick.picks.map((p) => p.candidate)).toEqual([0, 2, 3, 4]);
    expect(pick.coverage).toBeCloseTo(1, 12);
  });

  it('picks by importance first, with gains that never grow (submodular), and stays within the budget', () => {
    const pick = submodularPick(candidates, 2, byFeature);
    expect(pick.picks).toHaveLength(2);
    expect(pick.picks[0].coverageGain).toBeGreaterThanOrEqual(pick.picks[1].coverageGain);
    expect(pick.coverage).toBeGreaterThan(0.5);
    expect(pick.coverage).toBeLessThan(1);
    // Importance is √ of the summed |weights|: feature 0 appears in two instances.
    expect(pick.importance[0]).toMatchObject({ key: '0', name: 'f0' });
    expect(pick.importance[0].importance).toBeCloseTo(Math.sqrt(0.95), 12);
  });
});
