import { expect, it } from 'vitest';
import type { LabelExplanation } from '../../shared/domain/explanation';
import { methodAgreement, spearman } from '../../shared/engine/methodAgreement';

const e = (w: number[]): LabelExplanation => ({ label: 1, labelName: 'b', intercept: 0, score: 1, localPrediction: 0, modelPrediction: 0, weights: w.map((weight, feature) => ({ feature, name: `f${feature}`, weight })).sort((p, q) => Math.abs(q.weight) - Math.abs(p.weight)) });

it('Spearman is 1 for the same order, −1 for the reverse, and handles ties', () => {
  expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
  expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  expect(spearman([1, 1, 2], [1, 1, 2])).toBeCloseTo(1, 12);
});

it('two explanations agree fully when their attributions are proportional, less when they differ', () => {
  const same = methodAgreement(e([0.5, -0.2, 0.1, 0.05, 0.3, 0.01]), e([1, -0.4, 0.2, 0.1, 0.6, 0.02]), 3);
  expect(same).toEqual({ rankCorrelation: 1, topKOverlap: 1, topK: 3 });
  const other = methodAgreement(e([0.5, -0.2, 0.1, 0.05, 0.3, 0.01]), e([0.01, 0.3, -0.2, 0.5, 0.05, 0.1]), 3);
  expect(other.rankCorrelation).toBeLessThan(0.5);
  expect(other.topKOverlap).toBeLessThan(1);
});
