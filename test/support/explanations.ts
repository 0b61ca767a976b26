import type { LabelExplanation } from '../../shared/domain/explanation';

/** A label explanation with these weights ([feature, name, weight]); the other fields plausible, or as given. */
export function labelExplanation(
  weights: [number, string, number][],
  over: Partial<LabelExplanation> = {},
): LabelExplanation {
  return {
    label: 1,
    labelName: 'benign',
    intercept: 0.2,
    score: 0.5,
    localPrediction: 0.7,
    modelPrediction: 0.75,
    weights: weights.map(([feature, name, weight]) => ({ feature, name, weight })),
    ...over,
  };
}
