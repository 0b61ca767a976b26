import { expect, it } from 'vitest';
import type { LabelExplanation } from '../../shared/domain/explanation';
import type { ExplanationRun } from '../../shared/domain/explanation';
import { agreementByLabel, describeAgreement, methodAgreement } from '../../shared/engine/methodAgreement';
import { spearman } from '../../shared/engine/spearman';

const e = (w: number[]): LabelExplanation => ({
  label: 1,
  labelName: 'b',
  intercept: 0,
  score: 1,
  localPrediction: 0,
  modelPrediction: 0,
  weights: w
    .map((weight, feature) => ({ feature, name: `f${feature}`, weight }))
    .sort((p, q) => Math.abs(q.weight) - Math.abs(p.weight)),
});

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

it('pairs explanations by label, whatever their order, and skips a label the other method did not explain', () => {
  const run = (labels: number[], weights: number[][]): ExplanationRun => ({
    seed: 0,
    timing: { totalMs: 0, inferenceMs: 0 },
    explanations: labels.map((label, i) => ({ ...e(weights[i]), label })),
  });
  const lime = run(
    [3, 7, 9],
    [
      [0.5, 0.2, 0.1],
      [0.1, 0.2, 0.5],
      [1, 2, 3],
    ],
  );
  const shap = run(
    [7, 3],
    [
      [0.1, 0.2, 0.5],
      [0.1, 0.2, 0.5],
    ],
  );
  const pairs = agreementByLabel(lime, shap);
  expect(pairs.map((p) => p.label)).toEqual([3, 7]);
  expect(pairs[0].rankCorrelation).toBeCloseTo(-1, 12); // label 3: reversed order
  expect(pairs[1].rankCorrelation).toBeCloseTo(1, 12); // label 7: the same
});

it('reads an agreement for a reviewer: agree, partly, disagree', () => {
  expect(describeAgreement({ rankCorrelation: 0.9, topKOverlap: 0.8, topK: 5 })).toEqual({
    level: 'agree',
    summary: 'LIME and KernelSHAP rank the features alike (ρ 0.90; 4 of the top 5 features shared).',
  });
  expect(describeAgreement({ rankCorrelation: 0.5, topKOverlap: 0.6, topK: 5 }).level).toBe('partly');
  expect(describeAgreement({ rankCorrelation: 0.1, topKOverlap: 0.2, topK: 5 }).summary).toMatch(
    /disagree .*read neither explanation alone/,
  );
});
